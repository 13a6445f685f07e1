package dev.freshet.api;

/** The Kafka {@code security.protocol} of a connection: whether it is encrypted, and whether it authenticates. */
public enum SecurityProtocol {
    /** Neither encrypted nor authenticated. */
    PLAINTEXT,
    /** Encrypted with TLS; the client authenticates with a key store if one is given. */
    SSL,
    /** Authenticated with SASL but not encrypted: what SASL sends travels in clear text. */
    SASL_PLAINTEXT,
    /** Authenticated with SASL and encrypted with TLS. */
    SASL_SSL;

    /** Whether the protocol authenticates with SASL, and so needs a {@link SaslMechanism}. */
    public boolean sasl() {
        return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    /** Whether the protocol uses TLS, and so may take trust and key stores. */
    public boolean tls() {
        return this == SSL || this == SASL_SSL;
    }
}
