package dev.freshet.processor.validation;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.model.SinkDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a feature set's {@code @KafkaSink}s: a name unique within the feature set, a legal topic other than those of
 * the feature set's own source, at most one of the brokers and the named connection, and a consistent
 * {@code @KafkaSecurity}. The value is the sinks' specs, in declaration order.
 */
final class SinkValidator {

    /** What is wrong with the sinks of {@code declaration}, which reads {@code source}; their specs if nothing. */
    ValidationReport<List<KafkaSinkSpec>> validate(FeatureSetDeclaration declaration, KafkaSourceSpec source) {
        ValidationReport.Builder<List<KafkaSinkSpec>> report = ValidationReport.about(declaration.element());
        String featureSet = declaration.effectiveName();
        Set<String> names = new HashSet<>();
        List<Supplier<KafkaSinkSpec>> sinks = new ArrayList<>();
        for (SinkDeclaration sink : declaration.sinks()) {
            String name = sink.name().value();
            String topic = sink.topic().value();
            if (name.isBlank()) {
                report.error(sink.name(), Message.SINK_NAME_BLANK, featureSet, featureSet);
            } else if (!names.add(name)) {
                report.error(sink.name(), Message.SINK_NAME_DUPLICATE, name, featureSet);
            }
            if (topic.isBlank()) {
                report.error(sink.topic(), Message.SINK_TOPIC_BLANK, name, featureSet + "-updates");
            } else if (!SourceValidator.TOPIC.matcher(topic).matches()) {
                report.error(sink.topic(), Message.SINK_TOPIC_INVALID, topic, name);
            } else if (source.topics().contains(topic)) {
                report.error(sink.topic(), Message.SINK_TOPIC_OWN_SOURCE, name, topic, featureSet, source.name());
            }
            if (!sink.bootstrapServers().value().isEmpty() && !sink.connection().value().isEmpty()) {
                report.error(sink.connection(), Message.SINK_CONNECTION_BOTH, name, sink.bootstrapServers().value(),
                        sink.connection().value());
            }
            Optional<KafkaSecuritySpec> security = report.add(security(declaration, sink.security()));
            // Built only when the report is clean: a spec refuses what the errors above report.
            security.ifPresent(k -> sinks.add(() -> new KafkaSinkSpec(name, topic, sink.bootstrapServers().value(),
                    sink.connection().value(), SinkFormat.valueOf(sink.format().value()),
                    AttachmentPoint.valueOf(sink.attachment().value()), k)));
        }
        return report.build(() -> sinks.stream().map(Supplier::get).toList());
    }

    /** What is wrong with {@code security}; its spec if nothing. */
    ValidationReport<KafkaSecuritySpec> security(FeatureSetDeclaration declaration, SinkDeclaration.Security security) {
        ValidationReport.Builder<KafkaSecuritySpec> report = ValidationReport.about(declaration.element());
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
        pair(report, security.keystoreSecret(), "keystoreSecret", security.keystorePasswordSecret(),
                "keystorePasswordSecret");
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

    /** A key store secret and its password secret: both or neither. */
    private static void pair(ValidationReport.Builder<?> report, Located<String> store, String storeAttribute,
            Located<String> password, String passwordAttribute) {
        boolean hasStore = !store.value().isBlank();
        boolean hasPassword = !password.value().isBlank();
        if (hasStore && !hasPassword) {
            report.error(store, Message.SECURITY_STORE_PASSWORD_MISSING, storeAttribute, store.value(),
                    passwordAttribute);
        }
        if (hasPassword && !hasStore) {
            report.error(password, Message.SECURITY_STORE_MISSING, passwordAttribute, password.value(),
                    storeAttribute);
        }
    }
}
