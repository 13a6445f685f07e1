/**
 * Secrets by name: feature sets name the secrets their connections need (a Kafka user's password, a trust store), and
 * a {@link dev.freshet.core.secret.SecretResolver} turns each name into its value at run time, so that no value is
 * ever in an annotation, a spec, generated code or a message.
 */
package dev.freshet.core.secret;
