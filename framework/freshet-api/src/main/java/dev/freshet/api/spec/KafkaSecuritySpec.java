package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import java.io.Serializable;

/**
 * How a Kafka connection is secured, as declared by {@link dev.freshet.api.KafkaSecurity}. Every credential is the
 * name of a secret resolved at run time, never its value; an empty name means none.
 *
 * @param protocol                 the security protocol
 * @param saslMechanism            the SASL mechanism, {@link SaslMechanism#NONE} for a protocol without SASL
 * @param usernameSecret           name of the secret holding the SASL user name
 * @param passwordSecret           name of the secret holding the SASL password
 * @param truststoreSecret         name of the secret holding the trust store
 * @param truststorePasswordSecret name of the secret holding the trust store's password
 * @param keystoreSecret           name of the secret holding the key store
 * @param keystorePasswordSecret   name of the secret holding the key store's password
 */
public record KafkaSecuritySpec(
        SecurityProtocol protocol,
        SaslMechanism saslMechanism,
        String usernameSecret,
        String passwordSecret,
        String truststoreSecret,
        String truststorePasswordSecret,
        String keystoreSecret,
        String keystorePasswordSecret) implements Serializable {

    /** No security: plain text, no authentication. */
    public static final KafkaSecuritySpec NONE = new KafkaSecuritySpec(SecurityProtocol.PLAINTEXT, SaslMechanism.NONE,
            "", "", "", "", "", "");

    /** Checks every part. */
    public KafkaSecuritySpec {
        requireNonNull(protocol, "protocol");
        requireNonNull(saslMechanism, "saslMechanism");
        requireNonNull(usernameSecret, "usernameSecret");
        requireNonNull(passwordSecret, "passwordSecret");
        requireNonNull(truststoreSecret, "truststoreSecret");
        requireNonNull(truststorePasswordSecret, "truststorePasswordSecret");
        requireNonNull(keystoreSecret, "keystoreSecret");
        requireNonNull(keystorePasswordSecret, "keystorePasswordSecret");
        if (protocol.sasl() == (saslMechanism == SaslMechanism.NONE)) {
            throw new IllegalArgumentException("security protocol " + protocol + " with SASL mechanism "
                    + saslMechanism + ": a SASL protocol needs a mechanism, and only a SASL protocol takes one");
        }
    }
}
