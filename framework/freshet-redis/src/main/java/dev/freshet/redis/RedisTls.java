package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS settings of connections to Redis: which certificates to trust, an optional client certificate with its key,
 * and optional cipher suites and protocols. The server's certificate is always verified, host name included.
 *
 * <p>Serializable, because the writers on Spark executors connect with it: it carries the certificates and the key
 * themselves, never the path of a key store an executor may not have, nor a key-store password. {@link #toString()}
 * names the certificates' subjects and never shows the key.
 *
 * <pre>{@code
 * KeyStore trust = ...; // holds the certificate of the CA that signed Redis's certificate
 * RedisEndpoint redis = new RedisEndpoint("redis.internal", 6380, 0, "app", password, true, Duration.ofSeconds(10),
 *         RedisTls.trusting(trust));
 * }</pre>
 */
public final class RedisTls implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final RedisTls JVM_DEFAULTS = new RedisTls(List.of(), null, List.of(), List.of(), List.of());
    /** Protects the client key in the in-memory key store handed to the key manager; never leaves this JVM. */
    private static final char[] IN_MEMORY = "freshet".toCharArray();

    private final List<X509Certificate> trusted;
    private final PrivateKey clientKey;
    private final List<X509Certificate> clientChain;
    private final List<String> ciphers;
    private final List<String> protocols;

    private RedisTls(List<X509Certificate> trusted, PrivateKey clientKey, List<X509Certificate> clientChain,
            List<String> ciphers, List<String> protocols) {
        this.trusted = List.copyOf(trusted);
        this.clientKey = clientKey;
        this.clientChain = List.copyOf(clientChain);
        this.ciphers = List.copyOf(ciphers);
        this.protocols = List.copyOf(protocols);
    }

    /** The JVM's default trust store, no client certificate, the JVM's default ciphers and protocols. */
    public static RedisTls jvmDefaults() {
        return JVM_DEFAULTS;
    }

    /**
     * Trusts the certificates of {@code trustStore} (its trusted-certificate entries, and the first certificate of each
     * key entry, as the JDK's trust managers do) instead of the JVM's default trust store.
     *
     * @throws IllegalArgumentException if the store holds no certificate, or cannot be read
     */
    public static RedisTls trusting(KeyStore trustStore) {
        requireNonNull(trustStore, "trustStore");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(trustStore.aliases())) {
                Certificate certificate = trustStore.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Redis trust store cannot be read: " + e.getMessage(), e);
        }
        return trusting(certificates);
    }

    /**
     * Trusts {@code certificates} instead of the JVM's default trust store.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static RedisTls trusting(Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the Redis trust store holds no certificate: add the certificate of the"
                    + " CA that signed Redis's certificate, or use the JVM's default trust store");
        }
        return new RedisTls(List.copyOf(certificates), null, List.of(), List.of(), List.of());
    }

    /**
     * These settings, presenting the client certificate of {@code keyStore}'s key entry {@code alias} to the server.
     *
     * @param keyStore a key store with the client's private key and certificate chain
     * @param alias    the entry to use, or {@code null} if the store holds exactly one key
     * @param password the key's password, or {@code null} for none
     * @throws IllegalArgumentException if the entry is missing or ambiguous, or the key cannot be read
     */
    public RedisTls withClientKey(KeyStore keyStore, String alias, char[] password) {
        requireNonNull(keyStore, "keyStore");
        try {
            List<String> keys = new ArrayList<>();
            for (String a : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
            String chosen = alias;
            if (chosen == null) {
                if (keys.size() != 1) {
                    throw new IllegalArgumentException("the Redis key store holds " + keys.size() + " keys " + keys
                            + ": name the one to present (the SSL bundle's key.alias)");
                }
                chosen = keys.get(0);
            } else if (!keys.contains(chosen)) {
                throw new IllegalArgumentException("the Redis key store has no key \"" + chosen + "\"; its keys: "
                        + keys);
            }
            Key key = keyStore.getKey(chosen, password);
            Certificate[] chain = keyStore.getCertificateChain(chosen);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                throw new IllegalArgumentException("the Redis key store's entry \"" + chosen + "\" is no private key"
                        + " with a certificate chain");
            }
            List<X509Certificate> x509 = new ArrayList<>();
            for (Certificate c : chain) {
                x509.add((X509Certificate) c);
            }
            return withClientKey(privateKey, x509);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Redis client key cannot be read (wrong key password?): "
                    + e.getMessage(), e);
        }
    }

    /** These settings, presenting {@code chain} (the client's certificate first) and proving it with {@code key}. */
    public RedisTls withClientKey(PrivateKey key, List<X509Certificate> chain) {
        requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a Redis client key needs its certificate chain");
        }
        return new RedisTls(trusted, key, chain, ciphers, protocols);
    }

    /** These settings, enabling only {@code cipherSuites} (empty: the JVM's defaults). */
    public RedisTls withCiphers(List<String> cipherSuites) {
        return new RedisTls(trusted, clientKey, clientChain, cipherSuites, protocols);
    }

    /** These settings, enabling only {@code enabledProtocols}, such as {@code TLSv1.3} (empty: the JVM's defaults). */
    public RedisTls withProtocols(List<String> enabledProtocols) {
        return new RedisTls(trusted, clientKey, clientChain, ciphers, enabledProtocols);
    }

    /** Whether these are the JVM's defaults (nothing set). */
    public boolean isJvmDefaults() {
        return equals(JVM_DEFAULTS);
    }

    /** The certificates trusted instead of the JVM's default trust store; empty if that is used. */
    public List<X509Certificate> trustedCertificates() {
        return trusted;
    }

    /** Whether a client certificate is presented. */
    public boolean hasClientKey() {
        return clientKey != null;
    }

    /** Lettuce's options for these settings. */
    SslOptions sslOptions() {
        SslOptions.Builder options = SslOptions.builder();
        try {
            if (!trusted.isEmpty()) {
                KeyStore store = emptyStore();
                for (int i = 0; i < trusted.size(); i++) {
                    store.setCertificateEntry("trusted-" + i, trusted.get(i));
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                options.trustManager(trust);
            }
            if (clientKey != null) {
                KeyStore store = emptyStore();
                store.setKeyEntry("client", clientKey, IN_MEMORY, clientChain.toArray(Certificate[]::new));
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, IN_MEMORY);
                options.keyManager(keys);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the TLS settings of Redis cannot be applied: " + e.getMessage(), e);
        }
        if (!ciphers.isEmpty()) {
            options.cipherSuites(ciphers.toArray(String[]::new));
        }
        if (!protocols.isEmpty()) {
            options.protocols(protocols.toArray(String[]::new));
        }
        return options.build();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisTls other && trusted.equals(other.trusted)
                && Objects.equals(clientKey, other.clientKey) && clientChain.equals(other.clientChain)
                && ciphers.equals(other.ciphers) && protocols.equals(other.protocols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trusted, clientKey == null ? 0 : Arrays.hashCode(clientKey.getEncoded()), clientChain,
                ciphers, protocols);
    }

    /** The subjects of the trusted and client certificates, the ciphers and protocols; never the key. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(trusted.isEmpty() ? "trusting the JVM's default trust store"
                : "trusting " + trusted.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
        if (clientKey != null) {
            parts.add("client certificate " + clientChain.get(0).getSubjectX500Principal().getName());
        }
        if (!ciphers.isEmpty()) {
            parts.add("ciphers " + ciphers);
        }
        if (!protocols.isEmpty()) {
            parts.add("protocols " + protocols);
        }
        return "RedisTls[" + String.join(", ", parts) + "]";
    }
}
