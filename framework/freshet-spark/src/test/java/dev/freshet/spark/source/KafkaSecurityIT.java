package dev.freshet.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.secret.SecretResolver;
import dev.freshet.testsupport.Directories;
import dev.freshet.testsupport.SecuredKafkaBroker;
import dev.freshet.testsupport.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link KafkaSecurityProperties} against a real broker that authenticates: producers and consumers built from a
 * {@link KafkaConnection} with the resolved properties log in over every protocol and mechanism, and a refused login
 * becomes an error that names the owner and holds no password. One broker for the class.
 */
class KafkaSecurityIT {

    private static final String OWNER = "source \"transaction_stream\" of feature set user-spending";
    private static final String WRONG_PASSWORD = "wr0ng\"pass\\word-3Jk";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static SecuredKafkaBroker kafka;
    private static Path otherCaDirectory;
    private static String otherCaPem;

    private final Map<String, String> values = new HashMap<>();
    private final SecretResolver secrets = SecretResolver.of(values::get, "the test's secrets");

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SecuredKafkaBroker.start();
        otherCaDirectory = Directories.createTemporary("freshet-other-ca");
        otherCaPem = Files.readString(TestCertificates.create(otherCaDirectory).caCertificate(),
                StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        if (otherCaDirectory != null) {
            Directories.deleteRecursively(otherCaDirectory);
        }
    }

    /** The ways a client logs in, each with the listener it reaches and the form its stores take. */
    enum Login {
        PLAIN(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.PLAIN, ""),
        SCRAM_SHA_256(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_256, ""),
        SCRAM_SHA_512(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512, ""),
        SSL_TRUSTING_PEM_TEXT(SecurityProtocol.SSL, SaslMechanism.NONE, "kafka-ca"),
        SSL_TRUSTING_A_PKCS12_FILE(SecurityProtocol.SSL, SaslMechanism.NONE, "kafka-truststore-file"),
        SCRAM_SHA_512_OVER_SASL_SSL(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "kafka-ca"),
        PLAIN_OVER_SASL_SSL(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN, "kafka-truststore-file");

        final SecurityProtocol protocol;
        final SaslMechanism mechanism;
        final String truststoreSecret;

        Login(SecurityProtocol protocol, SaslMechanism mechanism, String truststoreSecret) {
            this.protocol = protocol;
            this.mechanism = mechanism;
            this.truststoreSecret = truststoreSecret;
        }

        KafkaSecuritySpec spec() {
            boolean sasl = protocol.sasl();
            return new KafkaSecuritySpec(protocol, mechanism, sasl ? "kafka-user" : "", sasl ? "kafka-password" : "",
                    truststoreSecret, truststoreSecret.equals("kafka-truststore-file") ? "kafka-store-password" : "",
                    "", "");
        }
    }

    @ParameterizedTest
    @EnumSource(Login.class)
    void aProducerAndAConsumerLogInWithTheResolvedProperties(Login login) throws Exception {
        defineRightSecrets();
        String servers = kafka.bootstrapServers(login.protocol);

        List<String> read = roundTrip(connection(servers, login.spec()), "record over " + login);

        assertThat(read).containsExactly("record over " + login);
    }

    @Test
    void aClientCertificateFromAPemKeyStoreIsAccepted() throws Exception {
        defineRightSecrets();
        values.put("kafka-keystore", kafka.clientKeyStorePem());
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SSL, SaslMechanism.NONE, "", "", "kafka-ca",
                "", "kafka-keystore", "kafka-store-password");

        List<String> read = roundTrip(connection(kafka.bootstrapServersRequiringClientCertificate(), spec), "pem");

        assertThat(read).containsExactly("pem");
    }

    @Test
    void aClientCertificateFromAPkcs12KeyStoreIsAccepted() throws Exception {
        defineRightSecrets();
        values.put("kafka-keystore", kafka.clientKeyStore().toString());
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SSL, SaslMechanism.NONE, "", "",
                "kafka-truststore-file", "kafka-store-password", "kafka-keystore", "kafka-store-password");

        List<String> read = roundTrip(connection(kafka.bootstrapServersRequiringClientCertificate(), spec), "p12");

        assertThat(read).containsExactly("p12");
    }

    @Test
    void aListenerRequiringClientCertificatesRefusesAClientWithoutOne() {
        defineRightSecrets();
        KafkaSecuritySpec spec = Login.SSL_TRUSTING_PEM_TEXT.spec();
        String servers = kafka.bootstrapServersRequiringClientCertificate();

        FreshetException failure = KafkaSecurityProperties.authenticationFailure(
                catchThrowable(() -> produce(connection(servers, spec), "refused")), OWNER, spec, servers)
                .orElseThrow();

        assertThat(failure.getMessage())
                .startsWith("Kafka at " + servers + " refused the TLS connection of " + OWNER
                        + " (SSL, trust store from secret \"kafka-ca\"): ")
                .contains("bad_certificate", "give a key store (keystoreSecret) if the broker requires client certificates");
        assertNoSecretValue(failure);
    }

    @ParameterizedTest
    @EnumSource(value = Login.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512", "SCRAM_SHA_512_OVER_SASL_SSL"})
    void aWrongPasswordIsAnErrorNamingTheOwnerAndTheSecretsButNoPassword(Login login) {
        defineRightSecrets();
        values.put("kafka-password", WRONG_PASSWORD);
        String servers = kafka.bootstrapServers(login.protocol);
        KafkaConnection connection = connection(servers, login.spec());

        for (Throwable error : List.of(catchThrowable(() -> produce(connection, "refused")),
                catchThrowable(() -> consume(connection)))) {
            FreshetException failure = KafkaSecurityProperties.authenticationFailure(error, OWNER, login.spec(),
                    servers).orElseThrow(() -> new AssertionError("not an authentication failure", error));

            assertThat(failure.getMessage())
                    .startsWith("Kafka at " + servers + " refused the credentials of " + OWNER + " (SASL "
                            + login.mechanism.kafkaName())
                    .contains("user from secret \"kafka-user\"")
                    .contains("check the secrets \"kafka-user\" and \"kafka-password\"");
            assertNoSecretValue(failure);
        }
    }

    @Test
    void aTrustStoreOfAnotherCaIsAnErrorNamingItsSecret() {
        defineRightSecrets();
        values.put("kafka-ca", otherCaPem);
        KafkaSecuritySpec spec = Login.SSL_TRUSTING_PEM_TEXT.spec();
        String servers = kafka.bootstrapServers(SecurityProtocol.SSL);

        FreshetException failure = KafkaSecurityProperties.authenticationFailure(
                catchThrowable(() -> produce(connection(servers, spec), "refused")), OWNER, spec, servers)
                .orElseThrow();

        assertThat(failure.getMessage())
                .startsWith("Kafka at " + servers + " refused the TLS connection of " + OWNER
                        + " (SSL, trust store from secret \"kafka-ca\"): SSL handshake failed")
                .contains("check that the secret \"kafka-ca\" holds the CA of the broker's certificate");
        assertNoSecretValue(failure);
    }

    @Test
    void noTrustStoreIsAnErrorSayingToNameOne() {
        defineRightSecrets();
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_256,
                "kafka-user", "kafka-password", "", "", "", "");
        String servers = kafka.bootstrapServers(SecurityProtocol.SASL_SSL);

        FreshetException failure = KafkaSecurityProperties.authenticationFailure(
                catchThrowable(() -> consume(connection(servers, spec))), OWNER, spec, servers).orElseThrow();

        assertThat(failure.getMessage())
                .startsWith("Kafka at " + servers + " refused the TLS connection of " + OWNER + " (SASL SCRAM-SHA-256"
                        + " over TLS, user from secret \"kafka-user\", the JVM's default trust store): SSL handshake"
                        + " failed")
                .contains("name a trust store that holds the CA of the broker's certificate in truststoreSecret");
        assertNoSecretValue(failure);
    }

    private void defineRightSecrets() {
        values.put("kafka-user", kafka.user());
        values.put("kafka-password", kafka.password());
        values.put("kafka-ca", kafka.caCertificatePem());
        values.put("kafka-truststore-file", kafka.trustStore().toString());
        values.put("kafka-store-password", kafka.storePassword());
    }

    private KafkaConnection connection(String servers, KafkaSecuritySpec spec) {
        return new KafkaConnection(servers, KafkaSecurityProperties.resolve(spec, secrets, OWNER));
    }

    /** Sends {@code sent} to a topic of its own and reads the topic back, both over {@code connection}. */
    private static List<String> roundTrip(KafkaConnection connection, String sent) throws Exception {
        String topic = "secured-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection))) {
            producer.send(new ProducerRecord<>(topic, "key", sent)).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(connection))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read.add(r.value());
                }
            }
        }
        return read;
    }

    private static void produce(KafkaConnection connection, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection))) {
            producer.send(new ProducerRecord<>("never-created", value)).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void consume(KafkaConnection connection) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(connection))) {
            consumer.assign(List.of(new TopicPartition("never-created", 0)));
            consumer.poll(WITHIN);
        }
    }

    private static Map<String, Object> producerProperties(KafkaConnection connection) {
        Map<String, Object> properties = connection.clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(WITHIN.toMillis()));
        return properties;
    }

    private static Map<String, Object> consumerProperties(KafkaConnection connection) {
        Map<String, Object> properties = connection.clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    private static void assertNoSecretValue(FreshetException failure) {
        List<String> texts = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
        }
        assertThat(texts).as("the failure's messages and its causes'").noneMatch(text -> text.contains(WRONG_PASSWORD)
                || text.contains(kafka.password()) || text.contains(kafka.storePassword())
                || text.contains("wr0ng") || text.contains("s3cr") || text.contains(kafka.user())
                || text.contains("PRIVATE KEY"));
    }
}
