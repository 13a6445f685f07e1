package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.MalformedRecord;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link MalformedRecord} corpus, interleaved with valid records on two partitions, through running online jobs
 * on a real broker, Redis and local Spark: every rejected record is in the dead-letter topic exactly once, with its
 * reason, detail, source position, key and payload; the job's totals and the Micrometer counters match the corpus
 * reason by reason; every valid record reaches Redis; and the query keeps running and ingests what comes after.
 */
class MalformedRecordsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = MalformedRecord.KAFKA_TIMESTAMP;

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("corpus");

    private final Map<MalformedRecord, Position> positions = new EnumMap<>(MalformedRecord.class);
    private final List<String> validUsers = new ArrayList<>();

    @Test
    void aRowLevelJobDeadLettersEveryMalformedRecordCountsItAndKeepsIngesting() throws IOException {
        FeatureSetSpec spec = MalformedRecord.featureSet().name("corpus-" + scenario.id()).topic(scenario.topic())
                .trigger(Duration.ofSeconds(1)).build();
        produceCorpus();
        FreshetEngine engine = scenario.engine(spec);

        Job job = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec));
        job.processAllAvailable();

        // Every valid record and every record only an aggregation would reject has a key of its own: all are written.
        List<String> written = new ArrayList<>(validUsers);
        for (MalformedRecord kind : MalformedRecord.values()) {
            if (kind.reasonFor(spec).isEmpty()) {
                written.add(user(kind));
            }
        }
        Map<String, Long> reasons = expectedReasons(spec);
        assertThat(job.totals()).isEqualTo(new BatchOutcome(written.size(), 0, reasons));
        assertThat(deadLetterCounters(spec)).isEqualTo(reasons);
        assertDeadLetters(spec);
        assertThat(scenario.redis().keys()).containsExactlyInAnyOrder(scenario.redisKeys(spec,
                written.toArray(String[]::new)));
        for (String user : validUsers) {
            assertThat(scenario.hash(spec, user)).as(user).contains(entry("amount", "d:12.5"), entry("items", "i:3"),
                    entry("price", "m:19.990000000000000000"), entry("day", "D:2026-01-01"));
        }
        // The far-future event is dead-lettered (the maximum skew), not stored as its key's newest; the decimal far
        // below the column's last place is zero.
        assertThat(reasons).containsEntry(DeadLetterReason.FUTURE_EVENT_TIME.name(), 1L);
        assertThat(scenario.redis().keys()).doesNotContain(scenario.redisKey(spec, "u-far-future"));
        assertThat(scenario.hash(spec, "u-negative")).contains(entry("__ts", "-1"));
        assertThat(scenario.hash(spec, "u-tiny")).contains(entry("price", "m:0.000000000000000000"));

        long after = scenario.send(1, bytes("after"), MalformedRecord.valid("after-corpus", T0), T0);
        job.processAllAvailable();

        assertThat(job.isActive()).isTrue();
        assertThat(job.failure()).isEmpty();
        assertThat(scenario.hash(spec, "after-corpus")).contains(entry("amount", "d:12.5"), entry("__p", "1"),
                entry("__o", Long.toString(after)));
        assertThat(job.totals()).isEqualTo(new BatchOutcome(written.size() + 1, 0, reasons));
        assertThat(deadLetterCounters(spec)).isEqualTo(reasons);
    }

    @Test
    void anAggregatedJobAlsoDeadLettersTheFarFutureEvent() throws IOException {
        FeatureSetSpec spec = MalformedRecord.featureSet().name("corpus-agg-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT user_id, amount, timestamp FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(5),
                        Duration.ofMinutes(1))
                .build();
        produceCorpus();
        scenario.engine(spec);

        Job job = scenario.online(spec);

        Map<String, Long> reasons = expectedReasons(spec);
        assertThat(reasons).containsEntry(DeadLetterReason.FUTURE_EVENT_TIME.name(), 1L);
        assertThat(job.totals().deadLetters()).isEqualTo(reasons);
        assertThat(deadLetterCounters(spec)).isEqualTo(reasons);
        assertDeadLetters(spec);
        assertThat(scenario.redis().keys()).contains(scenario.redisKeys(spec, "good-0", "u-negative"))
                .doesNotContain(scenario.redisKey(spec, "u-far-future"));
    }

    /** Each kind after a valid record of a key of its own, alternating between two partitions. */
    private void produceCorpus() {
        scenario.createTopic(2, Map.of("max.message.bytes", Integer.toString(EmbeddedKafka.MAX_RECORD_BYTES)));
        int i = 0;
        for (MalformedRecord kind : MalformedRecord.values()) {
            int partition = i % 2;
            String user = "good-" + i;
            scenario.send(partition, bytes(user), MalformedRecord.valid(user, T0.plusSeconds(i)), T0);
            validUsers.add(user);
            positions.put(kind, new Position(partition,
                    scenario.send(partition, kind.key(), kind.value(), T0)));
            i++;
        }
    }

    /** Dead letters by reason name that an online job of {@code spec} must count over the corpus. */
    private static Map<String, Long> expectedReasons(FeatureSetSpec spec) {
        Map<String, Long> counts = new TreeMap<>();
        for (MalformedRecord kind : MalformedRecord.values()) {
            kind.reasonFor(spec).ifPresent(r -> counts.merge(r.name(), 1L, Long::sum));
        }
        return counts;
    }

    /** {@code freshet.records.dead.lettered} of {@code spec}'s online job, by reason name. */
    private Map<String, Long> deadLetterCounters(FeatureSetSpec spec) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter c : scenario.meters().find("freshet.records.dead.lettered").tag("feature.set", spec.name())
                .tag("job", "online").counters()) {
            counts.put(c.getId().getTag("reason").toUpperCase(java.util.Locale.ROOT), (long) c.count());
        }
        return counts;
    }

    /** Every kind {@code spec}'s job rejects is in its dead-letter topic once, at its position, with what it was. */
    private void assertDeadLetters(FeatureSetSpec spec) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = EmbeddedKafka.readAll("freshet.dlq." + spec.name());
        Map<Position, ConsumerRecord<byte[], byte[]>> byPosition = new HashMap<>();
        Map<Position, JsonNode> messages = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode m = JSON.readTree(r.value());
            Position p = new Position(m.get("source").get("partition").asInt(), m.get("source").get("offset").asLong());
            assertThat(messages.put(p, m)).as("a second dead letter for %s", p).isNull();
            byPosition.put(p, r);
        }
        List<Position> expected = new ArrayList<>();
        for (MalformedRecord kind : MalformedRecord.values()) {
            DeadLetterReason reason = kind.reasonFor(spec).orElse(null);
            if (reason == null) {
                continue;
            }
            Position p = positions.get(kind);
            expected.add(p);
            JsonNode m = messages.get(p);
            assertThat(m).as("the dead letter of %s at %s", kind, p).isNotNull();
            assertThat(m.get("reason").asText()).as(kind.name()).isEqualTo(reason.name());
            assertThat(m.get("detail").asText()).as(kind.name()).startsWith(kind.detail());
            assertThat(m.get("feature_set").asText()).as(kind.name()).isEqualTo(spec.name());
            assertThat(m.get("source").get("topic").asText()).as(kind.name()).isEqualTo(scenario.topic());
            assertThat(m.get("source").get("timestamp").asText()).as(kind.name()).isEqualTo(T0.toString());
            if (kind.rejectedByDecoder()) {
                assertThat(byPosition.get(p).key()).as(kind.name()).isEqualTo(kind.key());
                assertPayload(kind, m);
            } else {
                assertThat(m.get("payload").isNull()).as(kind.name()).isTrue();
            }
        }
        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void assertPayload(MalformedRecord kind, JsonNode m) {
        byte[] value = kind.value();
        if (value == null) {
            assertThat(m.get("payload").isNull()).as(kind.name()).isTrue();
            return;
        }
        String text = m.get("payload").asText();
        byte[] payload = m.get("payload_encoding").asText().equals("base64") ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
        if (value.length > DeadLetter.MAX_PAYLOAD_BYTES) {
            assertThat(m.get("payload_truncated").asBoolean()).as(kind.name()).isTrue();
            assertThat(m.get("payload_bytes").asLong()).as(kind.name()).isEqualTo(value.length);
            assertThat(payload).as(kind.name()).isEqualTo(Arrays.copyOf(value, payload.length))
                    .hasSizeGreaterThan(DeadLetter.MAX_PAYLOAD_BYTES - 4);
        } else {
            assertThat(payload).as(kind.name()).isEqualTo(value);
            assertThat(m.has("payload_truncated")).as(kind.name()).isFalse();
        }
    }

    /** The {@code user_id} of a kind the decoder accepts. */
    private static String user(MalformedRecord kind) {
        try {
            return JSON.readTree(kind.value()).get("user_id").asText();
        } catch (IOException e) {
            throw new AssertionError(kind + " is not JSON", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A source record's place in the topic. */
    private record Position(int partition, long offset) {}
}
