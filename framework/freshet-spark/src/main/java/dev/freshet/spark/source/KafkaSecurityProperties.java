package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.secret.SecretResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The Kafka client properties of a {@link KafkaSecuritySpec}: its secrets resolved, and written as Kafka names them
 * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*},
 * {@code ssl.keystore.*}), to add to a {@link KafkaConnection}; and the error that explains a login Kafka refused.
 *
 * <pre>{@code
 * String owner = "sink \"risk-updates\" of feature set user-risk";
 * KafkaConnection connection = new KafkaConnection(servers, KafkaSecurityProperties.resolve(security, secrets, owner));
 * try {
 *     ... a producer or consumer on connection.clientProperties() ...
 * } catch (KafkaException e) {
 *     throw KafkaSecurityProperties.authenticationFailure(e, owner, security, servers).orElseThrow(() -> e);
 * }
 * }</pre>
 *
 * <h2>The secrets' values</h2>
 * <ul>
 *   <li>{@code usernameSecret}, {@code passwordSecret}: the SASL user name and password as they are. They go into a
 *       {@code sasl.jaas.config} of Kafka's {@code PlainLoginModule} or {@code ScramLoginModule}, quoted, with every
 *       {@code "} and {@code \} escaped (and line breaks written as {@code \n}, {@code \r}), so any character may
 *       occur in them.</li>
 *   <li>{@code truststoreSecret}: either PEM text (it starts with {@code -----BEGIN}), the certificates to trust,
 *       which becomes {@code ssl.truststore.type=PEM} and {@code ssl.truststore.certificates}; or the path of a
 *       trust store file, which becomes {@code ssl.truststore.location}, its type read from its extension:
 *       {@code .p12}, {@code .pfx} or {@code .pkcs12} for {@code PKCS12}, {@code .jks} for {@code JKS}, {@code .pem},
 *       {@code .crt} or {@code .cer} for {@code PEM}. {@code truststorePasswordSecret} becomes
 *       {@code ssl.truststore.password}; Kafka takes none for PEM, so naming one with a PEM trust store is an
 *       error. Without a trust store secret, the JVM's default trust store decides.</li>
 *   <li>{@code keystoreSecret}: either PEM text holding one private key (PKCS#8: {@code BEGIN PRIVATE KEY}, or
 *       {@code BEGIN ENCRYPTED PRIVATE KEY}) and its certificate chain, which becomes
 *       {@code ssl.keystore.type=PEM}, {@code ssl.keystore.key} and {@code ssl.keystore.certificate.chain}, and
 *       {@code keystorePasswordSecret} the key's {@code ssl.key.password} if the key is encrypted (an unencrypted
 *       key needs no password: the secret must exist, and is not used); or the path of a key store file (types as
 *       for trust stores), which becomes {@code ssl.keystore.location} and {@code keystorePasswordSecret} both
 *       {@code ssl.keystore.password} and the key's {@code ssl.key.password}. A PEM <em>file</em> is not read here
 *       (it may exist on the executors only), so its key must be encrypted with that password, which becomes
 *       {@code ssl.key.password} alone (Kafka takes no store password for PEM).</li>
 * </ul>
 * A file named by a path is read by every client that uses the properties, so on a cluster it must exist at that
 * path on the driver and on every executor; PEM text travels with the properties instead. Properties that hold a
 * secret are of Kafka's {@code PASSWORD} type, which Kafka logs as {@code [hidden]}. Spark's default
 * {@code spark.redaction.regex} masks the Spark options {@code kafka.sasl.jaas.config} (by its value's
 * {@code password=}) and {@code kafka.ssl.*.password}, <em>not</em> {@code kafka.ssl.keystore.key}: a
 * {@link KafkaSourceReader} whose options hold PEM text adds those options to its session's
 * {@code spark.sql.redaction.options.regex}, so that no private key shows in plans.
 *
 * <p>Every failure names the owner (as the caller words it: {@code source "transaction_stream" of feature set
 * user-spending}) and the secret, never a value. Stateless and thread-safe.
 */
public final class KafkaSecurityProperties {

    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PEM_BEGIN = "-----BEGIN";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \\1-----\\R?", Pattern.DOTALL);

    private KafkaSecurityProperties() {}

    /**
     * The Kafka client properties that secure a connection as {@code security} says, with the values of its secrets:
     * an empty map for {@link SecurityProtocol#PLAINTEXT} (such as {@link KafkaSecuritySpec#NONE}). The map holds secret values: hand it to the Kafka client and
     * nothing else (a {@link KafkaConnection} prints its keys only).
     *
     * @param security how the connection is secured
     * @param secrets  where the secrets' values come from
     * @param owner    who connects, for messages: {@code sink "risk-updates" of feature set user-risk}
     * @throws FreshetException naming {@code owner} and the secret, never a value: if a secret it names is not
     *                          defined, a SASL protocol lacks its user name or password secret, a trust or key store
     *                          is named for a protocol without TLS, or a store's value is neither PEM text nor a path
     *                          of a known type
     */
    public static Map<String, String> resolve(KafkaSecuritySpec security, SecretResolver secrets, String owner) {
        requireNonNull(security, "security");
        requireNonNull(secrets, "secrets");
        requireNonNull(owner, "owner");
        SecurityProtocol protocol = security.protocol();
        if (!protocol.tls()) {
            for (String store : List.of(security.truststoreSecret(), security.truststorePasswordSecret(),
                    security.keystoreSecret(), security.keystorePasswordSecret())) {
                if (!store.isEmpty()) {
                    throw misconfigured(owner, "its protocol " + protocol + " uses no TLS, yet it names the trust or"
                            + " key store secret \"" + store + "\": use SSL or SASL_SSL, or remove the store secrets"
                            + " from its @KafkaSecurity");
                }
            }
        }
        if (protocol == SecurityProtocol.PLAINTEXT) {
            // Nothing to say: Kafka's default, and whatever the connection's own properties set stays.
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", protocol.name());
        if (protocol.sasl()) {
            sasl(security, secrets, owner, properties);
        }
        if (protocol.tls()) {
            trustStore(security, secrets, owner, properties);
            keyStore(security, secrets, owner, properties);
        }
        return Collections.unmodifiableMap(properties);
    }

    /**
     * The error that explains {@code error}, if Kafka refused the credentials of {@code owner}: when {@code error} or
     * one of its causes is Kafka's {@link AuthenticationException} (a SASL login refused, a TLS handshake failed) or
     * {@link AuthorizationException}. Its message names the servers, the owner, how it authenticated and the
     * secrets to check, and quotes Kafka's message, which names no credential:
     * {@code Kafka at 10.0.0.5:9093 refused the credentials of sink "risk-updates" of feature set user-risk (SASL
     * SCRAM-SHA-256, user from secret "kafka-user"): Authentication failed during authentication due to invalid
     * credentials with SASL mechanism SCRAM-SHA-256; check the secrets "kafka-user" and "kafka-password"}. It is not
     * one a restart fixes: the secrets must change first. Its cause is Kafka's exception.
     *
     * @param error            what a Kafka client threw, or a Spark error caused by it
     * @param owner            who connected, as for {@link #resolve}
     * @param security         how it connected
     * @param bootstrapServers where it connected
     * @return the explanation, or empty if {@code error} is no authentication or authorization failure
     */
    public static Optional<FreshetException> authenticationFailure(Throwable error, String owner,
            KafkaSecuritySpec security, String bootstrapServers) {
        requireNonNull(owner, "owner");
        requireNonNull(security, "security");
        requireNonNull(bootstrapServers, "bootstrapServers");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SslAuthenticationException || t instanceof AuthenticationException
                    && !security.protocol().sasl() && security.protocol().tls()) {
                return Optional.of(new FreshetException(null, "Kafka at " + bootstrapServers
                        + " refused the TLS connection of " + owner + " (" + describe(security) + "): "
                        + kafkaMessage(t) + "; " + tlsAdvice(security), t, false));
            }
            if (t instanceof AuthenticationException) {
                return Optional.of(new FreshetException(null, "Kafka at " + bootstrapServers
                        + " refused the credentials of " + owner + " (" + describe(security) + "): "
                        + kafkaMessage(t) + "; " + credentialsAdvice(security), t, false));
            }
            if (t instanceof AuthorizationException) {
                return Optional.of(new FreshetException(null, "Kafka at " + bootstrapServers + " denied " + owner
                        + " (" + describe(security) + ") an operation: " + kafkaMessage(t) + "; grant "
                        + (security.protocol().sasl() ? "the user in secret \"" + security.usernameSecret() + "\""
                                : "its principal") + " the ACLs it needs (read or write on the topic, read on the"
                        + " consumer group), or correct the secrets if they name another user", t, false));
            }
        }
        return Optional.empty();
    }

    private static void sasl(KafkaSecuritySpec security, SecretResolver secrets, String owner,
            Map<String, String> properties) {
        SaslMechanism mechanism = security.saslMechanism();
        if (security.usernameSecret().isEmpty() || security.passwordSecret().isEmpty()) {
            throw misconfigured(owner, "SASL " + mechanism.kafkaName() + " needs a user name and a password: name"
                    + " their secrets in its @KafkaSecurity, such as usernameSecret = \"kafka-user\","
                    + " passwordSecret = \"kafka-password\"");
        }
        String username = secret(secrets, security.usernameSecret(), owner, "its SASL user name");
        String password = secret(secrets, security.passwordSecret(), owner, "its SASL password");
        String module = mechanism == SaslMechanism.PLAIN ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE;
        properties.put("sasl.mechanism", mechanism.kafkaName());
        properties.put("sasl.jaas.config", module + " required username=" + jaasQuoted(username)
                + " password=" + jaasQuoted(password) + ";");
    }

    private static void trustStore(KafkaSecuritySpec security, SecretResolver secrets, String owner,
            Map<String, String> properties) {
        if (security.truststoreSecret().isEmpty()) {
            if (!security.truststorePasswordSecret().isEmpty()) {
                throw misconfigured(owner, "it names the trust store password secret \""
                        + security.truststorePasswordSecret() + "\" but no trust store: name the trust store's"
                        + " secret in truststoreSecret, or remove truststorePasswordSecret");
            }
            return;
        }
        String store = secret(secrets, security.truststoreSecret(), owner, "its trust store");
        if (isPem(store)) {
            if (!security.truststorePasswordSecret().isEmpty()) {
                throw misconfigured(owner, "secret \"" + security.truststoreSecret() + "\" holds a PEM trust store,"
                        + " which has no password: remove truststorePasswordSecret = \""
                        + security.truststorePasswordSecret() + "\", or make the secret the path of a PKCS12 file");
            }
            properties.put("ssl.truststore.type", "PEM");
            properties.put("ssl.truststore.certificates", store);
            return;
        }
        String type = storeType(store, security.truststoreSecret(), owner, "trust store");
        if (type.equals("PEM") && !security.truststorePasswordSecret().isEmpty()) {
            throw misconfigured(owner, "secret \"" + security.truststoreSecret() + "\" names a PEM trust store"
                    + " file, which has no password: remove truststorePasswordSecret = \""
                    + security.truststorePasswordSecret() + "\"");
        }
        properties.put("ssl.truststore.type", type);
        properties.put("ssl.truststore.location", store);
        if (!security.truststorePasswordSecret().isEmpty()) {
            properties.put("ssl.truststore.password",
                    secret(secrets, security.truststorePasswordSecret(), owner, "its trust store's password"));
        }
    }

    private static void keyStore(KafkaSecuritySpec security, SecretResolver secrets, String owner,
            Map<String, String> properties) {
        if (security.keystoreSecret().isEmpty() != security.keystorePasswordSecret().isEmpty()) {
            throw misconfigured(owner, "a key store and its password go together, but it names only "
                    + (security.keystoreSecret().isEmpty()
                            ? "keystorePasswordSecret = \"" + security.keystorePasswordSecret() + "\""
                            : "keystoreSecret = \"" + security.keystoreSecret() + "\"")
                    + ": name both secrets in its @KafkaSecurity, or neither");
        }
        if (security.keystoreSecret().isEmpty()) {
            return;
        }
        String store = secret(secrets, security.keystoreSecret(), owner, "its key store");
        String password = secret(secrets, security.keystorePasswordSecret(), owner, "its key store's password");
        if (isPem(store)) {
            StringBuilder chain = new StringBuilder();
            List<String> keys = new ArrayList<>();
            Matcher block = PEM_BLOCK.matcher(store);
            while (block.find()) {
                String type = block.group(1);
                if (type.equals("CERTIFICATE")) {
                    chain.append(block.group().strip()).append('\n');
                } else if (type.endsWith("PRIVATE KEY")) {
                    keys.add(block.group().strip());
                }
            }
            if (keys.size() != 1 || chain.isEmpty() || keys.get(0).startsWith("-----BEGIN RSA")
                    || keys.get(0).startsWith("-----BEGIN EC")) {
                throw misconfigured(owner, "secret \"" + security.keystoreSecret() + "\" holds PEM text with "
                        + keys.size() + " private key(s) and " + (chain.isEmpty() ? "no" : "a") + " certificate"
                        + " chain: a PEM key store holds one PKCS#8 key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED"
                        + " PRIVATE KEY; convert others with openssl pkcs8 -topk8) and its certificates");
            }
            properties.put("ssl.keystore.type", "PEM");
            properties.put("ssl.keystore.key", keys.get(0) + "\n");
            properties.put("ssl.keystore.certificate.chain", chain.toString());
            if (keys.get(0).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY")) {
                properties.put("ssl.key.password", password);
            }
            return;
        }
        String type = storeType(store, security.keystoreSecret(), owner, "key store");
        properties.put("ssl.keystore.type", type);
        properties.put("ssl.keystore.location", store);
        if (type.equals("PEM")) {
            // Kafka refuses a store password for a PEM file; the password is the key's.
            properties.put("ssl.key.password", password);
        } else {
            properties.put("ssl.keystore.password", password);
            properties.put("ssl.key.password", password);
        }
    }

    private static String secret(SecretResolver secrets, String name, String owner, String what) {
        try {
            return secrets.require(name).value();
        } catch (FreshetException | IllegalArgumentException e) {
            // SecretResolver's message names the secret and where it looked, never a value.
            throw new FreshetException(null, owner + " cannot connect to Kafka without " + what + ": "
                    + e.getMessage(), e, false);
        }
    }

    private static boolean isPem(String value) {
        return value.stripLeading().startsWith(PEM_BEGIN);
    }

    /** The store type of a file, from its name's extension. */
    private static String storeType(String path, String secretName, String owner, String what) {
        String lower = path.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".p12") || lower.endsWith(".pfx") || lower.endsWith(".pkcs12")) {
            return "PKCS12";
        }
        if (lower.endsWith(".jks")) {
            return "JKS";
        }
        if (lower.endsWith(".pem") || lower.endsWith(".crt") || lower.endsWith(".cer")) {
            return "PEM";
        }
        // The value may be anything a user put there by mistake, a key even: never quote it.
        throw misconfigured(owner, "secret \"" + secretName + "\" holds neither PEM text (-----BEGIN ...) nor the"
                + " path of a " + what + " file ending in .p12, .pfx, .pkcs12, .jks, .pem, .crt or .cer: put the"
                + " certificates there as PEM text, or the path of such a file");
    }

    /**
     * {@code value} as a double-quoted JAAS option value, read back exactly by Kafka's JAAS parser (a
     * {@code StreamTokenizer}): {@code \} and {@code "} escaped with {@code \}, and line breaks, which would end
     * the string, written as {@code \n} and {@code \r}.
     */
    static String jaasQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** How {@code security} authenticates, naming secrets only: {@code SASL SCRAM-SHA-256, user from secret "u"}. */
    private static String describe(KafkaSecuritySpec security) {
        List<String> parts = new ArrayList<>();
        if (security.protocol().sasl()) {
            parts.add("SASL " + security.saslMechanism().kafkaName()
                    + (security.protocol().tls() ? " over TLS" : "")
                    + ", user from secret \"" + security.usernameSecret() + "\"");
        } else {
            parts.add(security.protocol().name());
        }
        if (security.protocol().tls()) {
            parts.add(security.truststoreSecret().isEmpty() ? "the JVM's default trust store"
                    : "trust store from secret \"" + security.truststoreSecret() + "\"");
            if (!security.keystoreSecret().isEmpty()) {
                parts.add("key store from secret \"" + security.keystoreSecret() + "\"");
            }
        }
        return String.join(", ", parts);
    }

    private static String credentialsAdvice(KafkaSecuritySpec security) {
        if (security.protocol().sasl()) {
            return "check the secrets \"" + security.usernameSecret() + "\" and \"" + security.passwordSecret()
                    + "\" (a user of mechanism " + security.saslMechanism().kafkaName() + " on that listener)";
        }
        return tlsAdvice(security);
    }

    private static String tlsAdvice(KafkaSecuritySpec security) {
        String trust = security.truststoreSecret().isEmpty()
                ? "name a trust store that holds the CA of the broker's certificate in truststoreSecret"
                : "check that the secret \"" + security.truststoreSecret() + "\" holds the CA of the broker's"
                        + " certificate";
        String key = security.keystoreSecret().isEmpty()
                ? ", and give a key store (keystoreSecret) if the broker requires client certificates"
                : ", and that the secrets \"" + security.keystoreSecret() + "\" and \""
                        + security.keystorePasswordSecret() + "\" hold a certificate the broker trusts and its"
                        + " password";
        return trust + key + "; the bootstrap servers must be a TLS listener, reached by a name in its certificate";
    }

    /**
     * Kafka's message, and, when it is as general as {@code SSL handshake failed}, its cause's, which says why
     * ({@code PKIX path building failed: ... unable to find valid certification path to requested target}).
     */
    private static String kafkaMessage(Throwable kafka) {
        String message = String.valueOf(kafka.getMessage());
        Throwable root = kafka;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != kafka && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    private static FreshetException misconfigured(String owner, String message) {
        return new FreshetException(null, owner + ": " + message, null, false);
    }
}
