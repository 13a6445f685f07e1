package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.secret.SecretResolver;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.SecuredKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sources and sinks on authenticated listeners of a real broker (SASL/SCRAM, SASL/PLAIN over TLS, TLS), their
 * credentials given by secret names and resolved by the engine's {@link SecretResolver}: the jobs read and write with
 * the right secrets, and a wrong or missing one fails the job's start naming the source or sink and the secrets,
 * never a value.
 */
class SecuredKafkaIT {

    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
    private static final String WRONG = "wrong-Pa55-9Kd";

    private static SecuredKafkaBroker broker;

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("secured");

    private final Map<String, String> secrets = new HashMap<>();

    @BeforeAll
    static void startBroker() {
        broker = SecuredKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aScramSourceATlsSinkAndAPlainOverTlsSinkWorkWithTheRightSecrets() throws Exception {
        defineSecrets(broker.password());
        String live = "live-" + scenario.id();
        String history = "history-" + scenario.id();
        FeatureSetSpec spec = spec(scenario.topic(),
                new KafkaSinkSpec("live", live, broker.bootstrapServers(SecurityProtocol.SSL), "", SinkFormat.JSON,
                        AttachmentPoint.ONLINE, new KafkaSecuritySpec(SecurityProtocol.SSL, SaslMechanism.NONE, "",
                                "", "kafka-ca", "", "", "")),
                new KafkaSinkSpec("history", history, broker.bootstrapServers(SecurityProtocol.SASL_SSL), "",
                        SinkFormat.JSON, AttachmentPoint.OFFLINE, new KafkaSecuritySpec(SecurityProtocol.SASL_SSL,
                                SaslMechanism.PLAIN, "sink-user", "sink-password", "kafka-ca", "", "", "")));
        broker.createTopic(scenario.topic(), 1);
        broker.createTopic(live, 1);
        broker.createTopic(history, 1);
        produce(scenario.topic(), 3);
        FreshetEngine engine = engine(spec);

        assertThat(scenario.online(spec).failure()).isEmpty();
        assertThat(engine.runOffline(spec.name())).isPresent();

        for (String topic : List.of(live, history)) {
            List<ConsumerRecord<byte[], byte[]>> sent = broker.readAll(topic);
            assertThat(sent).as(topic).hasSize(3);
            assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8))
                    .startsWith("{\"featureset_name\":\"" + spec.name() + "\"")
                    .contains("\"key\":{\"user_id\":\"u0\"}", "\"features\":{\"amount\":0.5,\"is_remote\":false}");
        }
    }

    @Test
    void aWrongSinkPasswordFailsTheStartNamingTheSinkAndItsSecretsButNoPassword() {
        defineSecrets(broker.password());
        secrets.put("sink-password", WRONG);
        String live = "live-" + scenario.id();
        FeatureSetSpec spec = spec(scenario.topic(), new KafkaSinkSpec("live", live,
                broker.bootstrapServers(SecurityProtocol.SASL_PLAINTEXT), "", SinkFormat.JSON, AttachmentPoint.ONLINE,
                new KafkaSecuritySpec(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512, "sink-user",
                        "sink-password", "", "", "", "")));
        broker.createTopic(scenario.topic(), 1);
        FreshetEngine engine = engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(), settings(spec)))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("sink \"live\" of feature set " + spec.name())
                .hasMessageContaining("\"sink-password\"")
                .satisfies(e -> assertNoSecretIn(e));
    }

    @Test
    void aWrongSourcePasswordFailsTheStartNamingTheSourceAndItsSecretsButNoPassword() {
        defineSecrets(broker.password());
        secrets.put("source-password", WRONG);
        FeatureSetSpec spec = spec(scenario.topic());
        broker.createTopic(scenario.topic(), 1);
        FreshetEngine engine = engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(), settings(spec)))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("source \"transaction_stream\" of feature set " + spec.name())
                .hasMessageContaining("\"source-password\"")
                .satisfies(e -> assertNoSecretIn(e));
    }

    @Test
    void anUndefinedSecretFailsTheStartNamingItAndWhereItWasLookedFor() {
        defineSecrets(broker.password());
        secrets.remove("source-user");
        FeatureSetSpec spec = spec(scenario.topic());
        FreshetEngine engine = engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(), settings(spec)))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("source \"transaction_stream\" of feature set " + spec.name())
                .hasMessageContaining("secret \"source-user\" is not defined")
                .hasMessageContaining("the test's secrets")
                .satisfies(e -> assertNoSecretIn(e));
    }

    /** A row-level set whose source is read over SASL_PLAINTEXT with SCRAM-SHA-256, with {@code sinks}. */
    private static FeatureSetSpec spec(String topic, KafkaSinkSpec... sinks) {
        var builder = aFeatureSet().name("sec-" + topic.substring(topic.length() - 8)).topic(topic)
                .sourceConnection(broker.bootstrapServers(SecurityProtocol.SASL_PLAINTEXT),
                        new KafkaSecuritySpec(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_256,
                                "source-user", "source-password", "", "", "", ""));
        for (KafkaSinkSpec sink : sinks) {
            builder.sink(sink);
        }
        return builder.build();
    }

    private void defineSecrets(String password) {
        secrets.put("source-user", broker.user());
        secrets.put("source-password", password);
        secrets.put("sink-user", broker.user());
        secrets.put("sink-password", password);
        secrets.put("kafka-ca", broker.caCertificatePem());
    }

    /** The engine: dead letters on the broker's plain listener, secrets from this test's map. */
    private FreshetEngine engine(FeatureSetSpec spec) {
        return scenario.engine(b -> b.kafka(KafkaConnection.of(broker.bootstrapServers(SecurityProtocol.PLAINTEXT)))
                .secrets(SecretResolver.of(secrets::get, "the test's secrets")), spec);
    }

    private static OnlineJobSettings settings(FeatureSetSpec spec) {
        return OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW);
    }

    private static void assertNoSecretIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG, broker.password());
        }
    }

    private static void produce(String topic, int records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(SecurityProtocol.PLAINTEXT));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                Instant t = BASE.plusSeconds(i);
                producer.send(new ProducerRecord<>(topic, 0, t.toEpochMilli(), "u" + i, "{\"user_id\":\"u" + i
                        + "\",\"amount\":" + (i + 0.5) + ",\"is_remote\":false,\"timestamp\":\"" + t + "\"}")).get();
            }
        }
    }
}
