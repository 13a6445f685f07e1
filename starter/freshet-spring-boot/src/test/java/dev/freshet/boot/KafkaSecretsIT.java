package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.job.JobFailure;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.testsupport.RedisServerProcess;
import dev.freshet.testsupport.SecuredKafkaBroker;
import dev.freshet.testsupport.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kafka credentials never leave the application: a whole starter run against a {@link SecuredKafkaBroker}, with its
 * output captured (see {@link RunOutput}, here with {@code kafka} and {@code org.apache.kafka} at DEBUG too), finds
 * none of them. One feature set reads its source over {@code SASL_PLAINTEXT} with {@code SCRAM-SHA-512}, writes an
 * ONLINE sink over {@code SASL_SSL} with {@code PLAIN} (trusting the broker's CA as PEM text) and an OFFLINE sink over
 * {@code SSL} with a client certificate (a PEM key store: private key material); its dead letters go to the broker's
 * {@code PLAINTEXT} listener, the application's connection. The source's secrets are Environment properties
 * (command-line arguments), the sinks' files in {@code freshet.secrets.directory}. A second feature set reads the same
 * source with the client certificate, so that a PEM private key is one of its Spark Kafka options.
 *
 * <p>The run: records (one malformed) are produced; the online jobs write Redis, the ONLINE sink and a dead letter;
 * features are read; an offline run writes Delta and the OFFLINE sink; the Actuator's env and configprops are read
 * showing values, the queries' plans and progress printed. Then a second application, given a wrong sink password as a
 * property (which the resolver prefers to the file), fails its online job naming the sink. Neither password, the
 * wrong one, the key store's password nor the key and CA material occurs anywhere in the output.
 */
class KafkaSecretsIT {

    private static final String FEATURE_SET = "kleak-rows";
    private static final String CERTIFIED = "kleak-certified";
    private static final String SOURCE = "kleak-events";
    private static final String LIVE = "kleak-live";
    private static final String HISTORY = "kleak-history";
    private static final Instant EVENT = Instant.parse("2026-01-01T00:00:01Z");

    private final String wrongPassword = RunOutput.randomSecret("wrong");
    private final String keyPassword = RunOutput.randomSecret("key-password");
    private final String control = RunOutput.randomSecret("control");

    @TempDir
    Path dir;

    @Test
    void noKafkaCredentialAppearsInAnyOutputOfAnAuthenticatedRun() throws Exception {
        SparkSession spark = SharedSpark.session();
        // As in SecretsIT: the shared SparkSession has set the JVM's URL stream handler factory before Tomcat.
        TomcatURLStreamHandlerFactory.disable();

        RunOutput output = RunOutput.start(spark, "kafka", "org.apache.kafka");
        Map<String, String> secrets = new LinkedHashMap<>();
        try (output; SecuredKafkaBroker kafka = SecuredKafkaBroker.start();
                RedisServerProcess redis = RedisServerProcess.builder().start()) {
            defineSecrets(kafka, secrets);
            FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(featureSet(kafka), certified(kafka)));
            for (String topic : List.of(SOURCE, LIVE, HISTORY)) {
                kafka.createTopic(topic, 1);
            }
            produce(kafka, SOURCE);
            Path secretFiles = Files.createDirectories(dir.resolve("secrets"));
            writeSecretFiles(kafka, secretFiles);
            LoggerFactory.getLogger(KafkaSecretsIT.class).info("control marker {}", control);
            Clock clock = Clock.fixed(EVENT.plusSeconds(20), ZoneOffset.UTC);
            List<String> arguments = List.of(
                    "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(SecurityProtocol.PLAINTEXT),
                    "--kafka-source-user=" + kafka.user(), "--kafka-source-password=" + kafka.password(),
                    "--freshet.secrets.directory=" + secretFiles,
                    "--freshet.redis.key-prefix=kleak",
                    "--freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                    "--freshet.offline.root=" + dir.resolve("offline"),
                    "--freshet.offline.catch-up-on-start=false",
                    "--freshet.feature-sets." + FEATURE_SET + ".offline-schedule=0 0 1 1 *",
                    "--freshet.feature-sets." + CERTIFIED + ".offline-enabled=false");

            try (ConfigurableApplicationContext app = SecretsApplication.run(output, catalog, clock, arguments)) {
                String base = SecretsApplication.baseUrl(app);

                // One online job reads over SCRAM, writes Redis, the ONLINE sink over SASL_SSL and a dead letter; the
                // other reads with the client certificate, whose private key is then one of its Spark options.
                OnlineFeatureClient features = app.getBean(OnlineFeatureClient.class);
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> features.get(FEATURE_SET, EntityKey.of("u2")).isPresent()
                                && features.get(CERTIFIED, EntityKey.of("u2")).isPresent()
                                && kafka.readAll(LIVE).size() == 2
                                && kafka.readAll("freshet.dlq." + FEATURE_SET).size() == 1);
                assertThat(features.get(FEATURE_SET, EntityKey.of("u1")).orElseThrow().feature("amount").asDouble())
                        .isEqualTo(12.5);
                assertThat(new String(kafka.readAll(LIVE).get(0).value(), StandardCharsets.UTF_8))
                        .startsWith("{\"featureset_name\":\"" + FEATURE_SET + "\"")
                        .contains("\"key\":{\"user_id\":\"u1\"}");

                // An offline run reads the source over SCRAM too, and writes the OFFLINE sink with the client key.
                Optional<OnDemandRun> run = app.getBean(OfflineIngestionScheduler.class).runNow(FEATURE_SET);
                assertThat(run).hasValueSatisfying(r -> assertThat(r.written()).isEqualTo(2));
                assertThat(kafka.readAll(HISTORY)).hasSize(2);

                // The Actuator, showing values: the secrets given as properties are masked.
                String env = output.httpGet(base + "/actuator/env", 200);
                assertThat(env).as("the source's secrets are there, masked; the secrets directory is shown")
                        .contains("\"kafka-source-password\"", "\"kafka-source-user\"", "******",
                                secretFiles.toString());
                String password = output.httpGet(base + "/actuator/env/kafka-source-password", 200);
                assertThat(password).contains("******");
                String configprops = output.httpGet(base + "/actuator/configprops", 200);
                assertThat(configprops).contains("freshet.secrets", secretFiles.toString());

                // The query's plans and progress.
                output.addPlansAndProgress(app.getBean(OnlineIngestionLifecycle.class).jobs());
            }

            // A wrong sink password, given as a property, which the resolver looks at before the files.
            List<String> wrong = new ArrayList<>(arguments);
            wrong.add("--kafka-sink-password=" + wrongPassword);
            try (ConfigurableApplicationContext app = SecretsApplication.run(output, catalog, clock, wrong)) {
                SupervisedJob job = app.getBean(OnlineIngestionLifecycle.class).jobs().stream()
                        .filter(j -> j.featureSet().equals(FEATURE_SET)).findFirst().orElseThrow();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> job.status().state() == JobStatus.State.FAILED);
                JobFailure failure = job.status().lastFailure().orElseThrow();
                output.add("an online job whose sink password is wrong", failure.cause());
                assertThat(failure.restartCanFix()).isFalse();
                assertThat(failure.message())
                        .contains("refused the credentials of sink \"live\" of feature set " + FEATURE_SET)
                        .contains("check the secrets \"kafka-sink-user\" and \"kafka-sink-password\"");
                String health = output.httpGet(SecretsApplication.baseUrl(app) + "/actuator/health", 503);
                assertThat(health).contains("DOWN", "sink \\\"live\\\"");
            }
        } finally {
            output.writeTo(Path.of("target", "kafka-secrets-it-output.txt"));
        }

        String everything = output.text();
        assertThat(everything).as("the capture saw the run")
                .contains("DEBUG org.apache.kafka", "sasl.jaas.config = [hidden]", "== Physical Plan ==",
                        "\"batchId\"", "Authentication failed");
        assertThat(output.sparkLength()).isPositive();
        assertThat(output.occurrences(control)).as("the capture would find a string that was logged").isNotEmpty();
        assertThat(output.occurrences(secrets)).as("where a secret was found (see target/kafka-secrets-it-output.txt)")
                .allSatisfy((label, found) -> assertThat(found).as(label).isEmpty());
    }

    /**
     * The feature set: its source over SASL_PLAINTEXT with SCRAM-SHA-512, the ONLINE sink "live" over SASL_SSL with
     * PLAIN, the OFFLINE sink "history" over SSL with a client certificate, both trusting the CA in "kafka-ca".
     */
    private static FeatureSetSpec featureSet(SecuredKafkaBroker kafka) {
        return aFeatureSet().name(FEATURE_SET).topic(SOURCE).trigger(Duration.ofMillis(500))
                .sourceConnection(kafka.bootstrapServers(SecurityProtocol.SASL_PLAINTEXT),
                        new KafkaSecuritySpec(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512,
                                "kafka-source-user", "kafka-source-password", "", "", "", ""))
                .sink(new KafkaSinkSpec("live", LIVE, kafka.bootstrapServers(SecurityProtocol.SASL_SSL), "",
                        SinkFormat.JSON, AttachmentPoint.ONLINE, new KafkaSecuritySpec(SecurityProtocol.SASL_SSL,
                                SaslMechanism.PLAIN, "kafka-sink-user", "kafka-sink-password", "kafka-ca", "", "", "")))
                .sink(new KafkaSinkSpec("history", HISTORY, kafka.bootstrapServersRequiringClientCertificate(), "",
                        SinkFormat.JSON, AttachmentPoint.OFFLINE, new KafkaSecuritySpec(SecurityProtocol.SSL,
                                SaslMechanism.NONE, "", "", "kafka-ca", "", "kafka-client-key",
                                "kafka-client-key-password")))
                .build();
    }

    /** A feature set reading the same source over SSL with the client certificate (a PEM key store). */
    private static FeatureSetSpec certified(SecuredKafkaBroker kafka) {
        return aFeatureSet().name(CERTIFIED).topic(SOURCE).trigger(Duration.ofMillis(500))
                .sourceConnection(kafka.bootstrapServersRequiringClientCertificate(),
                        new KafkaSecuritySpec(SecurityProtocol.SSL, SaslMechanism.NONE, "", "", "kafka-ca", "",
                                "kafka-client-key", "kafka-client-key-password"))
                .build();
    }

    /** The sinks' secrets as files, one per secret, named as the secret. */
    private void writeSecretFiles(SecuredKafkaBroker kafka, Path directory) throws Exception {
        Files.writeString(directory.resolve("kafka-sink-user"), kafka.user() + "\n");
        Files.writeString(directory.resolve("kafka-sink-password"), kafka.password() + "\n");
        Files.writeString(directory.resolve("kafka-ca"), kafka.caCertificatePem());
        Files.writeString(directory.resolve("kafka-client-key"), kafka.clientKeyStorePem());
        // The client key is not encrypted: the secret must exist, and is not used.
        Files.writeString(directory.resolve("kafka-client-key-password"), keyPassword);
    }

    /**
     * What may occur nowhere, by label: the password as given, as a JAAS option or JSON string writes it (quote and
     * backslash escaped), and its part after the space, which each of these holds; the wrong password; the key
     * store's password; every line of the client's private key, of its certificate and of the CA certificate (the
     * certificates are public, yet part of a secret's value).
     */
    private void defineSecrets(SecuredKafkaBroker kafka, Map<String, String> secrets) {
        String password = kafka.password();
        secrets.put("the password", password);
        secrets.put("the password, escaped", password.replace("\\", "\\\\").replace("\"", "\\\""));
        secrets.put("the password's part after its space", password.substring(password.lastIndexOf(' ') + 1));
        secrets.put("the wrong password", wrongPassword);
        secrets.put("the key store's password", keyPassword);
        addPemLines("the client's private key", pemBlock(kafka.clientKeyStorePem(), "PRIVATE KEY"), secrets);
        addPemLines("the client's certificate", pemBlock(kafka.clientKeyStorePem(), "CERTIFICATE"), secrets);
        addPemLines("the CA certificate", pemBlock(kafka.caCertificatePem(), "CERTIFICATE"), secrets);
    }

    /** The Base64 lines of the first {@code -----BEGIN <type>-----} block of {@code pem}. */
    private static List<String> pemBlock(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + type + "-----", start);
        assertThat(start).as("a " + type + " block").isNotNegative();
        return pem.substring(start + begin.length(), end).strip().lines().toList();
    }

    private static void addPemLines(String label, List<String> lines, Map<String, String> secrets) {
        for (int i = 0; i < lines.size(); i++) {
            // A short last line could occur by chance in other Base64 text.
            if (lines.get(i).length() >= 40) {
                secrets.put(label + ", line " + (i + 1), lines.get(i));
            }
        }
    }

    /** Two records of u1 and u2 and a malformed one, over the broker's PLAINTEXT listener. */
    private static void produce(SecuredKafkaBroker kafka, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(SecurityProtocol.PLAINTEXT));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<String> values = List.of(
                    "{\"user_id\":\"u1\",\"amount\":12.5,\"is_remote\":true,\"timestamp\":\"" + EVENT + "\"}",
                    "{\"user_id\":\"u2\",\"amount\":3.0,\"is_remote\":false,\"timestamp\":\"" + EVENT + "\"}",
                    "{\"user_id\":\"u3\",\"amount\":");
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, 0, EVENT.toEpochMilli(), "u" + (i + 1), values.get(i)))
                        .get();
            }
        }
    }
}
