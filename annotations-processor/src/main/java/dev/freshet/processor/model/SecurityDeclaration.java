package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @KafkaSecurity} as written, on a {@code @KafkaSink} or a {@code @KafkaSource}; each enum value is its
 * constant's name.
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
public record SecurityDeclaration(AnnotationMirror annotation, Located<String> protocol,
        Located<String> saslMechanism, Located<String> usernameSecret, Located<String> passwordSecret,
        Located<String> truststoreSecret, Located<String> truststorePasswordSecret, Located<String> keystoreSecret,
        Located<String> keystorePasswordSecret) {
}
