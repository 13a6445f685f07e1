package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @KafkaSink} as written on a feature-set class.
 *
 * @param annotation       the annotation
 * @param name             the sink's name
 * @param topic            the topic
 * @param bootstrapServers the brokers, empty for none
 * @param connection       the named connection, empty for none
 * @param format           the format's constant name
 * @param attachment       the attachment point's constant name
 * @param security         the {@code @KafkaSecurity}, as written or its default
 */
public record SinkDeclaration(AnnotationMirror annotation, Located<String> name, Located<String> topic,
        Located<String> bootstrapServers, Located<String> connection, Located<String> format,
        Located<String> attachment, Security security) {

    /**
     * A {@code @KafkaSecurity} as written; each enum value is its constant's name.
     *
     * @param annotation               the nested annotation (the default's when none is written)
     * @param protocol                 the protocol
     * @param saslMechanism            the SASL mechanism
     * @param usernameSecret           the user name secret's name
     * @param passwordSecret           the password secret's name
     * @param truststoreSecret         the trust store secret's name
     * @param truststorePasswordSecret the trust store password secret's name
     * @param keystoreSecret           the key store secret's name
     * @param keystorePasswordSecret   the key store password secret's name
     */
    public record Security(AnnotationMirror annotation, Located<String> protocol, Located<String> saslMechanism,
            Located<String> usernameSecret, Located<String> passwordSecret, Located<String> truststoreSecret,
            Located<String> truststorePasswordSecret, Located<String> keystoreSecret,
            Located<String> keystorePasswordSecret) {
    }
}
