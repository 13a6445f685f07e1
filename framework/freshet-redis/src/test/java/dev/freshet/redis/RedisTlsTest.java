package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.SslOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TLS settings an endpoint carries to executors. The certificates and the key are throwaway test material in
 * {@code src/test/resources/tls} (self-signed, never used outside tests).
 */
class RedisTlsTest {

    private static final char[] STORE_PASSWORD = "store-pw".toCharArray();

    @Test
    void trustsTheCertificatesOfAKeyStore() throws Exception {
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("ca", certificate("ca.crt"));

        RedisTls tls = RedisTls.trusting(trust);

        assertThat(tls.trustedCertificates()).containsExactly(certificate("ca.crt"));
        assertThat(tls.isJvmDefaults()).isFalse();
        assertThat(tls.hasClientKey()).isFalse();
    }

    @Test
    void aTrustStoreWithoutCertificatesIsRefused() throws Exception {
        assertThatThrownBy(() -> RedisTls.trusting(emptyStore()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Redis trust store holds no certificate: add the certificate of the CA that signed"
                        + " Redis's certificate, or use the JVM's default trust store");
    }

    @Test
    void takesTheOnlyKeyOfAKeyStoreWhenNoAliasIsNamed() throws Exception {
        RedisTls tls = RedisTls.trusting(List.of(certificate("ca.crt"))).withClientKey(clientStore("client"), null,
                STORE_PASSWORD);

        assertThat(tls.hasClientKey()).isTrue();
        assertThat(tls).isEqualTo(RedisTls.trusting(List.of(certificate("ca.crt")))
                .withClientKey(clientKey(), List.of(certificate("client.crt"))));
    }

    @Test
    void aKeyStoreWithSeveralKeysNeedsAnAlias() throws Exception {
        KeyStore keys = clientStore("one");
        keys.setKeyEntry("two", clientKey(), STORE_PASSWORD, new X509Certificate[] {certificate("client.crt")});

        assertThatThrownBy(() -> RedisTls.jvmDefaults().withClientKey(keys, null, STORE_PASSWORD))
                .hasMessage("the Redis key store holds 2 keys [one, two]: name the one to present (the SSL bundle's"
                        + " key.alias)");
        assertThatThrownBy(() -> RedisTls.jvmDefaults().withClientKey(keys, "three", STORE_PASSWORD))
                .hasMessage("the Redis key store has no key \"three\"; its keys: [one, two]");
        assertThat(RedisTls.jvmDefaults().withClientKey(keys, "two", STORE_PASSWORD).hasClientKey()).isTrue();
    }

    @Test
    void aWrongKeyPasswordSaysSoWithoutShowingIt() throws Exception {
        assertThatThrownBy(() -> RedisTls.jvmDefaults().withClientKey(clientStore("client"), null,
                "not-the-key-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the Redis client key cannot be read (wrong key password?)")
                .hasMessageNotContaining("not-the-key-password");
    }

    @Test
    void travelsToExecutorsBySerializationAndStaysEqual() throws Exception {
        RedisTls tls = RedisTls.trusting(List.of(certificate("ca.crt")))
                .withClientKey(clientKey(), List.of(certificate("client.crt")))
                .withProtocols(List.of("TLSv1.3"))
                .withCiphers(List.of("TLS_AES_128_GCM_SHA256"));
        RedisEndpoint endpoint = new RedisEndpoint("redis.internal", 6380, 0, "app", "s3cret", true,
                Duration.ofSeconds(1), tls);

        Object copy = roundTrip(endpoint);

        assertThat(copy).isEqualTo(endpoint).hasSameHashCodeAs(endpoint);
    }

    @Test
    void buildsLettuceOptionsWithTheTrustAndTheKey() throws Exception {
        RedisTls tls = RedisTls.trusting(List.of(certificate("ca.crt")))
                .withClientKey(clientKey(), List.of(certificate("client.crt")))
                .withProtocols(List.of("TLSv1.3"));

        SslOptions options = tls.sslOptions();

        assertThat(options.getProtocols()).containsExactly("TLSv1.3");
        assertThat(options.createSslContextBuilder().build().isClient()).isTrue();
    }

    @Test
    void toStringNamesTheCertificatesButNeverTheKey() throws Exception {
        PrivateKey key = clientKey();
        RedisTls tls = RedisTls.trusting(List.of(certificate("ca.crt")))
                .withClientKey(key, List.of(certificate("client.crt")));

        String text = tls + " " + new RedisEndpoint("h", 6380, 0, null, "s3cret", true, Duration.ofSeconds(1), tls);

        assertThat(text).contains("trusting [CN=freshet-test-ca]", "client certificate CN=freshet-test-client")
                .doesNotContain("s3cret").doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded())
                        .substring(0, 40));
    }

    @Test
    void anEndpointWithoutTlsRefusesTlsSettings() throws Exception {
        RedisTls tls = RedisTls.trusting(List.of(certificate("ca.crt")));

        assertThatThrownBy(() -> new RedisEndpoint("h", 6379, 0, null, null, false, Duration.ofSeconds(1), tls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Redis at h:6379 has TLS settings (RedisTls[trusting [CN=freshet-test-ca]]) but TLS is"
                        + " off: connect with ssl set, or drop the TLS settings");
        assertThat(RedisEndpoint.localhost().withTls(tls).ssl()).isTrue();
    }

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static KeyStore clientStore(String alias) throws Exception {
        KeyStore store = emptyStore();
        store.setKeyEntry(alias, clientKey(), STORE_PASSWORD, new X509Certificate[] {certificate("client.crt")});
        return store;
    }

    private static KeyStore emptyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static X509Certificate certificate(String name) throws Exception {
        try (InputStream in = resource(name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey clientKey() throws Exception {
        String pem;
        try (InputStream in = resource("client.key")) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(base64)));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = RedisTlsTest.class.getResourceAsStream("/tls/" + name);
        if (in == null) {
            throw new IOException("no test resource tls/" + name);
        }
        return in;
    }
}
