package dev.freshet.api;

/** The SASL mechanism of a {@link SecurityProtocol#SASL_PLAINTEXT} or {@link SecurityProtocol#SASL_SSL} connection. */
public enum SaslMechanism {
    /** No SASL: the only choice for {@link SecurityProtocol#PLAINTEXT} and {@link SecurityProtocol#SSL}. */
    NONE,
    /** {@code PLAIN}: the password is sent as it is, so only TLS ({@link SecurityProtocol#SASL_SSL}) protects it. */
    PLAIN,
    /** {@code SCRAM-SHA-256}: a salted challenge-response; the password is never sent. */
    SCRAM_SHA_256,
    /** {@code SCRAM-SHA-512}: a salted challenge-response; the password is never sent. */
    SCRAM_SHA_512;

    /** The mechanism's name for Kafka's {@code sasl.mechanism}, such as {@code SCRAM-SHA-256}. */
    public String kafkaName() {
        return name().replace('_', '-');
    }
}
