package dev.freshet.processor.validation;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.model.SecurityDeclaration;
import java.util.Optional;
import javax.lang.model.element.Element;

/**
 * Checks how a {@code @KafkaSource} or a {@code @KafkaSink} connects to Kafka, by the same rules for both: at most
 * one of the brokers and a named connection, and a consistent {@code @KafkaSecurity} (a SASL protocol needs a
 * mechanism and the names of the user name and password secrets, a mechanism needs a SASL protocol, a store's password
 * secret needs the store's secret, a key store needs its password secret, a store needs a TLS protocol, and
 * {@code PLAIN} over {@code SASL_PLAINTEXT} is a warning). The value is the security's spec.
 */
final class KafkaConnectionValidator {

    /**
     * What is wrong with the connection of the source or sink {@code name}, declared on {@code subject}:
     * {@code bothMessage} is the error, on the connection, when both it and the brokers are given (formatted with the
     * name, the brokers and the connection); the security's spec if nothing is wrong.
     */
    ValidationReport<KafkaSecuritySpec> validate(Element subject, String name, Located<String> bootstrapServers,
            Located<String> connection, SecurityDeclaration security, Message bothMessage) {
        ValidationReport.Builder<KafkaSecuritySpec> report = ValidationReport.about(subject);
        if (!bootstrapServers.value().isEmpty() && !connection.value().isEmpty()) {
            report.error(connection, bothMessage, name, bootstrapServers.value(), connection.value());
        }
        Optional<KafkaSecuritySpec> spec = report.add(security(subject, security));
        return spec.isPresent() ? report.build(spec::get) : report.build();
    }

    /** What is wrong with {@code security}, declared on {@code subject}; its spec if nothing. */
    private static ValidationReport<KafkaSecuritySpec> security(Element subject, SecurityDeclaration security) {
        ValidationReport.Builder<KafkaSecuritySpec> report = ValidationReport.about(subject);
        SecurityProtocol protocol = SecurityProtocol.valueOf(security.protocol().value());
        SaslMechanism mechanism = SaslMechanism.valueOf(security.saslMechanism().value());
        if (protocol.sasl() && mechanism == SaslMechanism.NONE) {
            report.error(security.protocol(), Message.SECURITY_MECHANISM_MISSING, protocol);
        }
        if (!protocol.sasl() && mechanism != SaslMechanism.NONE) {
            report.error(security.saslMechanism(), Message.SECURITY_MECHANISM_WITHOUT_SASL, mechanism, protocol);
        }
        if (protocol.sasl()) {
            requireSecret(report, security.protocol(), protocol, security.usernameSecret(), "usernameSecret",
                    "user name", "kafka-username");
            requireSecret(report, security.protocol(), protocol, security.passwordSecret(), "passwordSecret",
                    "password", "kafka-password");
        }
        if (protocol == SecurityProtocol.SASL_PLAINTEXT && mechanism == SaslMechanism.PLAIN) {
            report.warning(security.saslMechanism(), Message.SECURITY_PLAIN_IN_CLEAR_TEXT);
        }
        // A trust store may be unprotected (PEM certificates), so only its password needs it; a key store holds a
        // private key, which Kafka reads only with the store's password.
        Store truststore = new Store(security.truststoreSecret(), "truststoreSecret",
                security.truststorePasswordSecret(), "truststorePasswordSecret", "trust store");
        Store keystore = new Store(security.keystoreSecret(), "keystoreSecret", security.keystorePasswordSecret(),
                "keystorePasswordSecret", "key store");
        for (Store store : new Store[] {truststore, keystore}) {
            store.requireStoreForPassword(report);
            store.requireTls(report, protocol);
        }
        keystore.requirePassword(report);
        return report.build(() -> new KafkaSecuritySpec(protocol, mechanism, security.usernameSecret().value(),
                security.passwordSecret().value(), security.truststoreSecret().value(),
                security.truststorePasswordSecret().value(), security.keystoreSecret().value(),
                security.keystorePasswordSecret().value()));
    }

    private static void requireSecret(ValidationReport.Builder<?> report, Located<String> at,
            SecurityProtocol protocol, Located<String> secret, String attribute, String what, String example) {
        if (secret.value().isBlank()) {
            report.error(at, Message.SECURITY_SECRET_MISSING, protocol, attribute, what, attribute, example);
        }
    }

    /**
     * A TLS store's secret and its password secret, as written.
     *
     * @param secret            the store's secret name
     * @param secretAttribute   its attribute
     * @param password          the password's secret name
     * @param passwordAttribute its attribute
     * @param what              the store, for messages: "trust store" or "key store"
     */
    private record Store(Located<String> secret, String secretAttribute, Located<String> password,
            String passwordAttribute, String what) {

        boolean given() {
            return !secret.value().isBlank();
        }

        /** A password opens a store: without the store, it is a mistake (on the password). */
        void requireStoreForPassword(ValidationReport.Builder<?> report) {
            if (!password.value().isBlank() && !given()) {
                report.error(password, Message.SECURITY_STORE_MISSING, passwordAttribute, password.value(),
                        secretAttribute, what);
            }
        }

        /** The store needs its password (on the store). */
        void requirePassword(ValidationReport.Builder<?> report) {
            if (given() && password.value().isBlank()) {
                report.error(secret, Message.SECURITY_STORE_PASSWORD_MISSING, secretAttribute, secret.value(),
                        passwordAttribute);
            }
        }

        /**
         * Kafka reads stores only over TLS: over PLAINTEXT or SASL_PLAINTEXT it would ignore them without a word and
         * connect unencrypted, which is never what whoever named a store meant, so it is an error, not a warning.
         */
        void requireTls(ValidationReport.Builder<?> report, SecurityProtocol protocol) {
            if (given() && !protocol.tls()) {
                report.error(secret, Message.SECURITY_STORE_WITHOUT_TLS, secretAttribute, secret.value(), what,
                        protocol, protocol.sasl() ? SecurityProtocol.SASL_SSL : SecurityProtocol.SSL, secretAttribute);
            }
        }
    }
}
