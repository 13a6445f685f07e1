package dev.freshet.testsupport;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@link KafkaBrokerProcess} that authenticates: besides {@code PLAINTEXT} (for the test's own setup and checks), a
 * {@code SASL_PLAINTEXT}, an {@code SSL} and a {@code SASL_SSL} listener, each on a free loopback port, and an
 * {@code SSL} listener that requires a client certificate. Both SASL listeners take {@code PLAIN}, {@code SCRAM-SHA-256}
 * and {@code SCRAM-SHA-512}, for one user ({@link #user()}, {@link #password()}): a {@code PLAIN} user of the
 * listeners' JAAS configuration, and SCRAM credentials created through the admin API once the broker is up. The TLS
 * listeners serve a certificate (for {@code 127.0.0.1} and {@code localhost}) of a {@link TestCertificates} CA made
 * for this broker, which clients trust through {@link #caCertificatePem()} or the PKCS12 {@link #trustStore()}.
 *
 * <pre>{@code
 * try (SecuredKafkaBroker kafka = SecuredKafkaBroker.start()) {
 *     kafka.createTopic("events", 1);
 *     Map<String, Object> client = Map.of(
 *             "bootstrap.servers", kafka.bootstrapServers(SecurityProtocol.SASL_SSL),
 *             "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
 *             "sasl.jaas.config", ...ScramLoginModule with kafka.user() and kafka.password()...,
 *             "ssl.truststore.type", "PEM", "ssl.truststore.certificates", kafka.caCertificatePem());
 * }
 * }</pre>
 *
 * <p>The password holds a double quote, a backslash and a space, so that a client that writes it into a JAAS
 * configuration without escaping it fails to log in. No authorizer runs: an authenticated user may do anything.
 * Starting takes a few seconds (certificates, the broker's JVM, the SCRAM credentials); {@link #close()} kills the
 * broker and deletes its directory and the trust and key stores. Thread-safe.
 */
public final class SecuredKafkaBroker implements AutoCloseable {

    /** The name of the listener that requires a client certificate signed by the test CA. */
    public static final String CLIENT_CERTIFICATE_LISTENER = "MTLS";

    private static final String USER = "freshet-test-user";
    private static final String PASSWORD = "s3cr\"t \\pass-7Qx";
    private static final String STORE_PASSWORD = "store-pass-4Zr";
    private static final Duration SCRAM_READY_WITHIN = Duration.ofSeconds(30);
    private static final int SCRAM_ITERATIONS = 4096;

    private final KafkaBrokerProcess broker;
    private final Path directory;
    private final Thread deleteOnExit;
    private final String caCertificatePem;
    private final String clientKeyStorePem;

    private SecuredKafkaBroker(KafkaBrokerProcess broker, Path directory, Thread deleteOnExit,
            String caCertificatePem, String clientKeyStorePem) {
        this.broker = broker;
        this.directory = directory;
        this.deleteOnExit = deleteOnExit;
        this.caCertificatePem = caCertificatePem;
        this.clientKeyStorePem = clientKeyStorePem;
    }

    /**
     * Makes the certificates, starts the broker on free loopback ports and creates the SCRAM credentials, and returns
     * once a SCRAM client logs in.
     *
     * @throws IllegalStateException if {@code openssl} fails, the broker does not come up (the message quotes its
     *                               output) or the SCRAM user cannot log in within 30 s
     */
    public static SecuredKafkaBroker start() {
        Path directory = Directories.createTemporary("freshet-kafka-tls");
        // Deletes the keys and stores when this JVM exits without close(); the broker's own hook kills it.
        Thread deleteOnExit = new Thread(() -> Directories.deleteRecursively(directory), "freshet-test-kafka-tls-delete");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
        KafkaBrokerProcess broker = null;
        try {
            TestCertificates ca = TestCertificates.create(directory);
            TestCertificates.Issued server = ca.issue("kafka-broker", "IP:" + KafkaBrokerProcess.HOST, "DNS:localhost");
            TestCertificates.Issued client = ca.issue("freshet-client");
            String caPem = Files.readString(ca.caCertificate(), StandardCharsets.US_ASCII);
            String clientPem = Files.readString(client.privateKey(), StandardCharsets.US_ASCII)
                    + Files.readString(client.certificate(), StandardCharsets.US_ASCII);
            writeTrustStore(directory.resolve("truststore.p12"), caPem);
            writeKeyStore(directory.resolve("keystore.p12"), clientPem);
            KafkaBrokerProcess.Builder builder = KafkaBrokerProcess.builder()
                    .listener("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT)
                    .listener("SSL", SecurityProtocol.SSL)
                    .listener("SASL_SSL", SecurityProtocol.SASL_SSL)
                    .listener(CLIENT_CERTIFICATE_LISTENER, SecurityProtocol.SSL)
                    // The certificates go into server.properties as text: the broker reads no file of ours.
                    .property("ssl.keystore.type", "PEM")
                    .property("ssl.keystore.certificate.chain",
                            Files.readString(server.certificate(), StandardCharsets.US_ASCII))
                    .property("ssl.keystore.key", Files.readString(server.privateKey(), StandardCharsets.US_ASCII))
                    .property("ssl.truststore.type", "PEM")
                    .property("ssl.truststore.certificates", caPem)
                    .property("listener.name." + CLIENT_CERTIFICATE_LISTENER.toLowerCase() + ".ssl.client.auth",
                            "required")
                    .property("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
            for (String listener : List.of("sasl_plaintext", "sasl_ssl")) {
                builder.property("listener.name." + listener + ".plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER + "="
                                + quoted(PASSWORD) + ";");
                for (String scram : List.of("scram-sha-256", "scram-sha-512")) {
                    builder.property("listener.name." + listener + "." + scram + ".sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                }
            }
            // The private keys are in server.properties (the broker's directory) and keystore.p12 from here on.
            Files.delete(ca.caCertificate().resolveSibling("ca.key"));
            Files.delete(server.privateKey());
            Files.delete(client.privateKey());
            broker = builder.start();
            SecuredKafkaBroker secured = new SecuredKafkaBroker(broker, directory, deleteOnExit, caPem, clientPem);
            secured.createScramCredentials();
            return secured;
        } catch (IOException e) {
            closeAfterFailure(broker, directory, deleteOnExit, e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAfterFailure(broker, directory, deleteOnExit, e);
            throw e;
        }
    }

    /**
     * {@code 127.0.0.1:<port>} of the listener speaking {@code protocol} (the ones of {@code SSL} and
     * {@code SASL_SSL} do not ask for a client certificate).
     */
    public String bootstrapServers(SecurityProtocol protocol) {
        return broker.bootstrapServers(protocol.name());
    }

    /** {@code 127.0.0.1:<port>} of the {@code SSL} listener that refuses clients without a certificate of the CA. */
    public String bootstrapServersRequiringClientCertificate() {
        return broker.bootstrapServers(CLIENT_CERTIFICATE_LISTENER);
    }

    /** The user name every SASL mechanism of both SASL listeners accepts. */
    public String user() {
        return USER;
    }

    /** The user's password, for every mechanism: it holds {@code "}, {@code \} and a space. */
    public String password() {
        return PASSWORD;
    }

    /** The test CA's certificate as PEM text: what a client trusts to reach the TLS listeners. */
    public String caCertificatePem() {
        return caCertificatePem;
    }

    /** A PKCS12 trust store holding the test CA's certificate, protected by {@link #storePassword()}. */
    public Path trustStore() {
        return directory.resolve("truststore.p12");
    }

    /**
     * A client's private key (PKCS#8, unencrypted) followed by its certificate, signed by the test CA, as PEM text:
     * what {@link #bootstrapServersRequiringClientCertificate()} asks for.
     */
    public String clientKeyStorePem() {
        return clientKeyStorePem;
    }

    /** The same client key and certificate as {@link #clientKeyStorePem()}, as a PKCS12 key store. */
    public Path clientKeyStore() {
        return directory.resolve("keystore.p12");
    }

    /** The password of {@link #trustStore()}, of {@link #clientKeyStore()} and of the key in it. */
    public String storePassword() {
        return STORE_PASSWORD;
    }

    /** The broker process, to stop, kill or start it, or to reach its {@code PLAINTEXT} listener. */
    public KafkaBrokerProcess process() {
        return broker;
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions, unless it exists.
     *
     * @see KafkaBrokerProcess#createTopic(String, int)
     */
    public void createTopic(String topic, int partitions) {
        broker.createTopic(topic, partitions);
    }

    /** Every record in {@code topic}, read over the {@code PLAINTEXT} listener. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return broker.readAll(topic);
    }

    /** Kills the broker and deletes its directory, the trust store and the key store. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            broker.close();
        } finally {
            if (Files.exists(directory)) {
                delete(directory, deleteOnExit);
            }
        }
    }

    /**
     * Creates the user's SCRAM-SHA-256 and SCRAM-SHA-512 credentials over {@code PLAINTEXT}, then waits until a SCRAM
     * client logs in on {@code SASL_PLAINTEXT}: the controller commits a credential before the broker applies it.
     */
    private void createScramCredentials() {
        Properties plain = new Properties();
        plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(plain)) {
            // One request per mechanism: Kafka refuses a request that alters a user's credentials twice.
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), PASSWORD)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SCRAM credentials", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the SCRAM credentials of " + USER + " on "
                    + broker.bootstrapServers() + ": " + e + "; the broker's output ends:\n" + broker.logTail(), e);
        }
        for (SaslMechanism mechanism : List.of(SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_512)) {
            awaitScramLogin(mechanism);
        }
    }

    private void awaitScramLogin(SaslMechanism mechanism) {
        Properties scram = new Properties();
        scram.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(SecurityProtocol.SASL_PLAINTEXT));
        scram.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        scram.put("sasl.mechanism", mechanism.kafkaName());
        scram.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username="
                + quoted(USER) + " password=" + quoted(PASSWORD) + ";");
        scram.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        scram.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        long deadline = System.nanoTime() + SCRAM_READY_WITHIN.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            // A client per attempt: a client that failed to authenticate keeps failing with the same error.
            try (Admin admin = Admin.create(scram)) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the SCRAM credentials", e);
            }
        }
        throw new IllegalStateException("the SCRAM user " + USER + " cannot log in with " + mechanism.kafkaName()
                + " on " + bootstrapServers(SecurityProtocol.SASL_PLAINTEXT) + " within "
                + SCRAM_READY_WITHIN.toSeconds() + " s: " + last, last);
    }

    /** {@code text} as a quoted JAAS option value: {@code "} and {@code \} escaped with {@code \}. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void writeTrustStore(Path file, String caPem) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("freshet-test-ca", certificate(caPem));
            write(store, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the trust store " + file + ": " + e, e);
        }
    }

    private static void writeKeyStore(Path file, String keyAndCertificatePem) throws IOException {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBlock(keyAndCertificatePem, "PRIVATE KEY")));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("freshet-client", key, STORE_PASSWORD.toCharArray(),
                    new Certificate[] {certificate(keyAndCertificatePem)});
            write(store, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the key store " + file + ": " + e, e);
        }
    }

    private static Certificate certificate(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemBlock(pem, "CERTIFICATE")));
    }

    /** The bytes of the first {@code -----BEGIN <type>-----} block of {@code pem}. */
    private static byte[] pemBlock(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + type + "-----", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("no " + type + " block in the PEM text openssl wrote");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    private static void write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    private static void closeAfterFailure(KafkaBrokerProcess broker, Path directory, Thread deleteOnExit,
            Exception failure) {
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            delete(directory, deleteOnExit);
        }
    }

    private static void delete(Path directory, Thread deleteOnExit) {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook deletes it
            return;
        }
        Directories.deleteRecursively(directory);
    }
}
