package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.core.sink.FeatureSetId;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.FailingOnlineStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka sinks end to end on the embedded broker (ADR 0018): the exact bytes of every message — key and JSON value —
 * for a row-level and an aggregated feature set, from the online and from the offline job; which vectors an
 * aggregated set emits per batch; and a crash after the messages were sent but before the batch committed, after
 * which every message is there at least once.
 */
class KafkaSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("sink");

    @Test
    void aRowLevelSetSendsEachVectorAsTheReferenceJsonFromTheOnlineAndTheOfflineJob() {
        String online = "rows-online-" + scenario.id();
        String offline = "rows-offline-" + scenario.id();
        FeatureSetSpec spec = rowLevel("rows-" + scenario.id(), sink("live", online, AttachmentPoint.ONLINE),
                sink("history", offline, AttachmentPoint.OFFLINE));
        scenario.createTopic(1);
        EmbeddedKafka.createTopic(online, 1);
        EmbeddedKafka.createTopic(offline, 1);
        scenario.send(0, "u1", tx("u1", "12.5", "false", BASE.plusMillis(1_001)), BASE.plusSeconds(1));
        scenario.send(0, "u2", tx("u2", "250", "true", BASE.plusSeconds(2)), BASE.plusSeconds(2));
        scenario.send(0, "x", "{not json", BASE.plusSeconds(2));
        scenario.send(0, "u\"3", tx("u\\\"3", "7", "null", BASE.plusSeconds(3)), BASE.plusSeconds(3));
        FreshetEngine engine = scenario.engine(spec);

        Job job = scenario.online(spec);
        assertThat(job.failure()).isEmpty();
        assertThat(engine.runOffline(spec.name())).isPresent();

        String id = FeatureSetId.of(spec);
        List<String> expected = List.of(
                "u1 {\"featureset_name\":\"" + spec.name() + "\",\"featureset_id\":\"" + id + "\","
                        + "\"timestamp\":\"2026-03-01T10:00:01.001Z\",\"key\":{\"user_id\":\"u1\"},"
                        + "\"features\":{\"amount\":12.5,\"is_remote\":false,\"size\":\"small\"}}",
                "u2 {\"featureset_name\":\"" + spec.name() + "\",\"featureset_id\":\"" + id + "\","
                        + "\"timestamp\":\"2026-03-01T10:00:02.000Z\",\"key\":{\"user_id\":\"u2\"},"
                        + "\"features\":{\"amount\":250.0,\"is_remote\":true,\"size\":null}}",
                "u\"3 {\"featureset_name\":\"" + spec.name() + "\",\"featureset_id\":\"" + id + "\","
                        + "\"timestamp\":\"2026-03-01T10:00:03.000Z\",\"key\":{\"user_id\":\"u\\\"3\"},"
                        + "\"features\":{\"amount\":7.0,\"is_remote\":null,\"size\":\"small\"}}");
        assertThat(messages(online)).as("the online job's sink, in source order").isEqualTo(expected);
        assertThat(messages(offline)).as("the offline job's sink").isEqualTo(expected);
        assertThat(scenario.meters().get("freshet.output.records").tag("output", "sink live").counter().count())
                .isEqualTo(3.0);
        assertThat(scenario.meters().get("freshet.records.written").tag("job", "online").counter().count())
                .as("a sink's messages are not counted as records written").isEqualTo(3.0);
    }

    @Test
    void anAggregatedSetSendsTheVectorOfEachKeyABatchChangedReadAtTheBatchsReadTime() throws IOException {
        String online = "agg-online-" + scenario.id();
        String offline = "agg-offline-" + scenario.id();
        FeatureSetSpec spec = aggregated("agg-" + scenario.id(), sink("live", online, AttachmentPoint.ONLINE),
                sink("history", offline, AttachmentPoint.OFFLINE));
        scenario.createTopic(2);
        EmbeddedKafka.createTopic(online, 1);
        EmbeddedKafka.createTopic(offline, 1);
        // Events a few minutes before now, so that the online job's read time (the batch's) finds them in both windows.
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        sendEvent(0, "u1", "10", t.minus(Duration.ofMinutes(5)));
        sendEvent(1, "u2", "4", t.minus(Duration.ofMinutes(4)));
        sendEvent(0, "u1", "2.5", t.minus(Duration.ofMinutes(3)).plusSeconds(20));
        FreshetEngine engine = scenario.engine(spec);
        Instant before = Instant.now();
        assertThat(scenario.online(spec).failure()).isEmpty();
        Instant after = Instant.now();

        Map<String, JsonNode> first = byKey(messages(online));
        assertThat(first).containsOnlyKeys("u1", "u2");
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
          for (Map.Entry<String, JsonNode> m : first.entrySet()) {
            Instant readAt = Instant.parse(m.getValue().get("timestamp").asText());
            assertThat(readAt).isBetween(before.truncatedTo(ChronoUnit.MILLIS), after);
            assertThat(m.getValue().toString()).as("the exact message of %s", m.getKey()).isEqualTo(aggregate(spec,
                    m.getKey(), readAt, m.getKey().equals("u1") ? "12.5" : "4.0", m.getKey().equals("u1") ? 2 : 1));
            Map<String, FeatureValue> read = client.getAsOf(spec.name(), EntityKey.of(m.getKey()), readAt)
                    .orElseThrow().features();
            m.getValue().get("features").fields().forEachRemaining(f -> assertThat(f.getValue().asDouble())
                    .as("%s of %s as the online client reads it at the message's time", f.getKey(), m.getKey())
                    .isEqualTo(((Number) read.get(f.getKey()).value()).doubleValue()));
          }
        }

        // A second batch touches u1 only: one message, u1's whole vector; u2 stays as it was, unsent.
        sendEvent(0, "u1", "1", t.minus(Duration.ofMinutes(2)));
        assertThat(scenario.online(spec).failure()).isEmpty();
        List<String> all = messages(online);
        assertThat(all).hasSize(3);
        JsonNode second = JSON.readTree(all.get(2).substring(all.get(2).indexOf(' ') + 1));
        assertThat(all.get(2)).startsWith("u1 ");
        assertThat(second.toString()).isEqualTo(aggregate(spec, "u1",
                Instant.parse(second.get("timestamp").asText()), "13.5", 3));

        // The offline job: per key appended, the vector at the first tile boundary after the key's newest event.
        assertThat(engine.runOffline(spec.name())).isPresent();
        long tile = TiledAggregation.of(spec).plan().finest();
        Map<String, JsonNode> history = byKey(messages(offline));
        assertThat(history).containsOnlyKeys("u1", "u2");
        assertThat(history.get("u1").toString()).isEqualTo(aggregate(spec, "u1",
                boundaryAfter(t.minus(Duration.ofMinutes(2)), tile), "13.5", 3));
        assertThat(history.get("u2").toString()).isEqualTo(aggregate(spec, "u2",
                boundaryAfter(t.minus(Duration.ofMinutes(4)), tile), "4.0", 1));
    }

    @Test
    void aCrashAfterTheSendAndBeforeTheCommitResendsTheBatchSoEveryMessageIsThereAtLeastOnce() {
        String topic = "crash-" + scenario.id();
        FeatureSetSpec spec = rowLevel("crash-" + scenario.id(), sink("live", topic, AttachmentPoint.ONLINE));
        scenario.createTopic(1);
        EmbeddedKafka.createTopic(topic, 1);
        for (int i = 0; i < 20; i++) {
            scenario.send(0, "u" + i, tx("u" + i, Integer.toString(i), "false", BASE.plusSeconds(i)),
                    BASE.plusSeconds(i));
        }
        // Every row of a partition goes to every writer before any finishes: the sink has sent all 20 messages when
        // the store, writing after them, fails; the batch is not committed.
        FailingOnlineStore failing = FailingOnlineStore.failOnceAfter(5, new RedisOnlineStore(RedisEndpoint.localhost(),
                new OnlineStoreLayout(scenario.redis().prefix())));
        FreshetEngine engine = scenario.engine(b -> b.onlineStore(failing), spec);
        Job crashed = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec)
                .withRunMode(RunMode.AVAILABLE_NOW));
        assertThatThrownBy(crashed::awaitTermination).hasMessageContaining("injected fault");
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(topic).size() == 20);
        scenario.closeEngine();

        scenario.engine(spec);
        assertThat(scenario.online(spec).failure()).isEmpty();
        Map<String, Long> copies = messages(topic).stream().collect(Collectors.groupingBy(Function.identity(),
                TreeMap::new, Collectors.counting()));
        assertThat(copies).as("each of the 20 messages, byte for byte, sent before the crash and again after")
                .hasSize(20).allSatisfy((message, n) -> assertThat(n).isEqualTo(2L));
    }

    private FeatureSetSpec rowLevel(String name, KafkaSinkSpec... sinks) {
        var builder = aFeatureSet().name(name).topic(scenario.topic())
                .sql("SELECT user_id, amount, is_remote, timestamp, CASE WHEN amount > 100 THEN NULL ELSE 'small' END"
                        + " AS size FROM transaction_stream", column("user_id", ValueType.STRING),
                        column("amount", ValueType.DOUBLE), column("is_remote", ValueType.BOOLEAN),
                        column("timestamp", ValueType.TIMESTAMP), column("size", ValueType.STRING));
        for (KafkaSinkSpec s : sinks) {
            builder.sink(s);
        }
        return builder.build();
    }

    private FeatureSetSpec aggregated(String name, KafkaSinkSpec... sinks) {
        var builder = aFeatureSet().name(name).topic(scenario.topic())
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                        new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(1),
                        Duration.ofMinutes(10), Duration.ofHours(1));
        for (KafkaSinkSpec s : sinks) {
            builder.sink(s);
        }
        return builder.build();
    }

    private static KafkaSinkSpec sink(String name, String topic, AttachmentPoint attachment) {
        return new KafkaSinkSpec(name, topic, "", "", SinkFormat.JSON, attachment, KafkaSecuritySpec.NONE);
    }

    /** The expected message of an aggregated key: SUM then COUNT, each over 10m then 1h (all events in both). */
    private static String aggregate(FeatureSetSpec spec, String key, Instant at, String sum, long count) {
        return "{\"featureset_name\":\"" + spec.name() + "\",\"featureset_id\":\"" + FeatureSetId.of(spec) + "\","
                + "\"timestamp\":\"" + MILLIS.format(at) + "\",\"key\":{\"user_id\":\"" + key + "\"},"
                + "\"features\":{\"sum_amount_10m\":" + sum + ",\"sum_amount_1h\":" + sum + ",\"count_amount_10m\":"
                + count + ",\"count_amount_1h\":" + count + "}}";
    }

    private static Instant boundaryAfter(Instant event, long tileMillis) {
        long t = event.toEpochMilli();
        return Instant.ofEpochMilli(t - Math.floorMod(t, tileMillis) + tileMillis);
    }

    private void sendEvent(int partition, String user, String amount, Instant time) {
        scenario.send(partition, user, tx(user, amount, "false", time), time);
    }

    private static String tx(String user, String amount, String remote, Instant time) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote + ",\"timestamp\":\""
                + time + "\"}";
    }

    /** The messages of {@code topic} in order, each as {@code "<key> <value>"}. */
    private static List<String> messages(String topic) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : EmbeddedKafka.readAll(topic)) {
            out.add(new String(r.key(), StandardCharsets.UTF_8) + " " + new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, JsonNode> byKey(List<String> messages) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String m : messages) {
            int space = m.indexOf(' ');
            try {
                if (out.put(m.substring(0, space), JSON.readTree(m.substring(space + 1))) != null) {
                    throw new AssertionError("two messages of key " + m.substring(0, space) + " in " + messages);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
