package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a Kafka connection is secured: its protocol, its SASL mechanism, and the <em>names</em> of the secrets it needs.
 * Used as {@link KafkaSink#security()} and {@link KafkaSource#security()}.
 *
 * <pre>{@code
 * security = @KafkaSecurity(protocol = SecurityProtocol.SASL_SSL, saslMechanism = SaslMechanism.SCRAM_SHA_512,
 *         usernameSecret = "features-kafka-user", passwordSecret = "features-kafka-password")
 * }</pre>
 *
 * <p>Every credential is given by the name of a secret, which is resolved when the job runs; no attribute takes a
 * password, a user name or a store's content, so no credential can be compiled into a class or a spec. The processor
 * checks the combination: a SASL protocol needs a mechanism, a user name secret and a password secret; a mechanism
 * needs a SASL protocol; a key store secret and its password secret go together; a trust store's password secret
 * needs the trust store's secret; a store needs a TLS protocol ({@code SSL} or {@code SASL_SSL}); {@code PLAIN} over
 * {@code SASL_PLAINTEXT} is warned about, as its password travels in clear text.
 */
@Documented
@Target({})
@Retention(RetentionPolicy.CLASS)
public @interface KafkaSecurity {

    /** The protocol; the default neither encrypts nor authenticates. */
    SecurityProtocol protocol() default SecurityProtocol.PLAINTEXT;

    /** The SASL mechanism: required with a SASL protocol, {@link SaslMechanism#NONE} otherwise. */
    SaslMechanism saslMechanism() default SaslMechanism.NONE;

    /** The name of the secret holding the SASL user name; required with a SASL protocol. */
    String usernameSecret() default "";

    /** The name of the secret holding the SASL password; required with a SASL protocol. */
    String passwordSecret() default "";

    /** The name of the secret holding the TLS trust store, empty for the JVM's default trust. */
    String truststoreSecret() default "";

    /** The name of the secret holding the trust store's password, empty for none. */
    String truststorePasswordSecret() default "";

    /** The name of the secret holding the TLS key store (client certificate), empty for none. */
    String keystoreSecret() default "";

    /** The name of the secret holding the key store's password; given exactly when the key store is. */
    String keystorePasswordSecret() default "";
}
