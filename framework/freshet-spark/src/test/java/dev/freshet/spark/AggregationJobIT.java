package dev.freshet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.spark.oracle.SourceRecord;
import dev.freshet.spark.oracle.WindowOracle;
import dev.freshet.testsupport.FailingOnlineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Aggregations end to end — real broker, real Redis, local Spark — against a brute-force oracle over the raw events
 * of each documented window: out-of-order, late, far-future and malformed events; reads at chosen times, including
 * hours after the last event (windows decay with no new events); a crash in the middle of a batch's Redis writes and
 * a restart on the same checkpoint, after which the batch has re-run and nothing is counted twice.
 */
class AggregationJobIT {

    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final WindowOracle ORACLE = new WindowOracle(LATENESS, Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofHours(1));

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("agg");

    private final List<SourceRecord> produced = new ArrayList<>();
    private final Map<Integer, Long> nextOffset = new HashMap<>();

    @Test
    void aggregatesExactlyOnceAcrossRestartsAndACrashInsideABatch() {
        FeatureSetSpec spec = spec("agg-" + scenario.id());
        scenario.createTopic(2);
        Random random = new Random(20261124);

        // Phase 1: events over ~40 minutes, some out of order, some late, one far in the future, two malformed.
        generate(random, 0, 240);
        send(event("u1", 0, BASE.plusSeconds(30 * 60), BASE.plusSeconds(10), 5.0, false)); // future
        sendRaw(1, "{\"user_id\":\"u2\",\"amount\":\"lots\"}", DeadLetterReason.TYPE_MISMATCH);
        sendRaw(0, "not json", DeadLetterReason.MALFORMED_RECORD);
        FreshetEngine engine = scenario.engine(spec);
        Job first = run(spec, engine);
        assertThat(first.failure()).isEmpty();
        long committed = first.query().lastProgress().batchId();
        assertMatchesOracle(spec, lastEventTime());

        // Phase 2: more events; the job crashes after 3 keys' tiles were written in its first batch.
        generate(random, 40 * 60, 240);
        scenario.closeEngine();
        FailingOnlineStore failing = FailingOnlineStore.failOnceAfter(3, redisStore());
        engine = scenario.engine(b -> b.onlineStore(failing), spec);
        Job crashed = engine.startOnline(spec.name(),
                OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW));
        assertThatThrownBy(crashed::awaitTermination).hasMessageContaining("injected fault");
        assertThat(failing.fired()).isTrue();
        scenario.closeEngine();

        engine = scenario.engine(spec);
        Job resumed = run(spec, engine);
        assertThat(resumed.failure()).isEmpty();
        assertThat(resumed.query().recentProgress()[0].batchId()).as("the crashed batch runs again")
                .isEqualTo(committed + 1);

        Instant last = lastEventTime();
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector busy = client.getAsOf(spec.name(), EntityKey.of("u1"), last).orElseThrow();
            assertThat(busy.feature("count_amount_1h").asLong()).as("the oracle compares real numbers")
                    .isGreaterThan(5);
        }
        for (Duration after : List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(7),
                Duration.ofSeconds(45), Duration.ofMinutes(10), Duration.ofMinutes(59), Duration.ofHours(2))) {
            assertMatchesOracle(spec, last.plus(after));
        }
        // An hour after the last event every window is empty, without any new event for the key.
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector idle = client.getAsOf(spec.name(), EntityKey.of("u1"), last.plus(Duration.ofHours(2)))
                    .orElseThrow();
            assertThat(idle.feature("count_amount_1h").asLong()).isZero();
            assertThat(idle.feature("sum_amount_1h").isNull()).isTrue();
        }

        assertDeadLetters(spec);
    }

    @Test
    void aKeyWhoseHashExpiredComesBackWithAllItsTiles() {
        FeatureSetSpec spec = spec("agg-" + scenario.id());
        scenario.createTopic(1);
        OnlineJobSettings shortTtl = new OnlineJobSettings(Duration.ofSeconds(1), 0, Duration.ofSeconds(2),
                RunMode.AVAILABLE_NOW);
        send(event("u1", 0, BASE.plusSeconds(3), BASE.plusSeconds(3), 5.0, false));
        FreshetEngine engine = scenario.engine(spec);
        engine.startOnline(spec.name(), shortTtl).awaitTermination();
        String hash = scenario.redisKey(spec, "u1");
        await().atMost(Duration.ofSeconds(30)).until(() -> scenario.redis().commands().exists(hash) == 0);

        // Event time moves on by 3 s only: the first event's tiles still matter, though Redis expired them.
        send(event("u1", 0, BASE.plusSeconds(6), BASE.plusSeconds(6), 7.0, false));
        engine.startOnline(spec.name(), shortTtl).awaitTermination();

        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector v = client.getAsOf(spec.name(), EntityKey.of("u1"), BASE.plusSeconds(8)).orElseThrow();
            assertThat(v.feature("count_amount_10s").asLong()).isEqualTo(2);
            assertThat(v.feature("sum_amount_10s").asDouble()).isEqualTo(12.0);
        }
    }

    private void assertMatchesOracle(FeatureSetSpec spec, Instant at) {
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            ORACLE.assertMatches(client, spec.name(), List.of("u0", "u1", "u2", "u3", "u4", "u5"), produced, at);
        }
    }

    private void assertDeadLetters(FeatureSetSpec spec) {
        Map<String, DeadLetterReason> expected = ORACLE.rejectedByEventTime(produced);
        Map<String, String> reasons = new HashMap<>();
        for (JsonNode m : scenario.deadLettersBySource(spec)) {
            reasons.put(m.get("source").get("partition").asInt() + "@" + m.get("source").get("offset").asLong(),
                    m.get("reason").asText());
        }
        assertThat(reasons.values()).contains("TYPE_MISMATCH", "MALFORMED_RECORD");
        expected.forEach((position, reason) -> assertThat(reasons.get(position)).as("dead letter at " + position)
                .isEqualTo(reason.name()));
        assertThat(expected.values()).as("the scenario has late events").contains(DeadLetterReason.LATE);
        long lateOrFuture = reasons.values().stream().filter(r -> r.equals("LATE") || r.equals("FUTURE_EVENT_TIME"))
                .count();
        assertThat(lateOrFuture).as("every late or future event is dead-lettered (at least once)")
                .isGreaterThanOrEqualTo(expected.size());
    }

    /** Events at a steady pace from {@code fromSecond}, some shuffled within the lateness, some far too late. */
    private void generate(Random random, int fromSecond, int count) {
        for (int i = 0; i < count; i++) {
            String user = "u" + random.nextInt(6);
            int partition = user.equals("u5") ? random.nextInt(2) : Math.abs(user.hashCode()) % 2;
            long second = fromSecond + i * 10L;
            Instant time = BASE.plusSeconds(second);
            int roll = random.nextInt(20);
            if (roll == 0) {
                time = time.minus(Duration.ofMinutes(10));              // beyond the lateness
            } else if (roll < 5) {
                time = time.minusMillis(random.nextInt(90_000));        // out of order, within the lateness
            }
            time = time.plusMillis(random.nextInt(1000));
            Double amount = random.nextInt(15) == 0 ? null : Math.round(random.nextDouble() * 10000) / 100.0;
            send(event(user, partition, time, BASE.plusSeconds(second + 1), amount, random.nextInt(5) == 0));
        }
    }

    private static SourceRecord event(String user, int partition, Instant time, Instant kafkaTime, Double amount,
            boolean remote) {
        String json = "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote
                + ",\"timestamp\":\"" + time + "\"}";
        return new SourceRecord(partition, -1, kafkaTime, json, user, time, amount, remote, Optional.empty());
    }

    private void send(SourceRecord e) {
        long offset = scenario.send(e.partition(), e.user(), e.payload(), e.kafkaTime());
        assertThat(offset).isEqualTo(nextOffset.getOrDefault(e.partition(), 0L));
        nextOffset.put(e.partition(), offset + 1);
        produced.add(e.at(offset));
    }

    private void sendRaw(int partition, String value, DeadLetterReason reason) {
        long offset = scenario.send(partition, "x", value, BASE);
        nextOffset.put(partition, offset + 1);
        produced.add(new SourceRecord(partition, offset, BASE, value, null, BASE, null, false, Optional.of(reason)));
    }

    private Instant lastEventTime() {
        return ORACLE.lastEventTime(produced);
    }

    private FeatureSetSpec spec(String name) {
        return ORACLE.spec(name, scenario.topic(), Duration.ofSeconds(5));
    }

    private RedisOnlineStore redisStore() {
        return new RedisOnlineStore(RedisEndpoint.localhost(), new OnlineStoreLayout(scenario.redis().prefix()));
    }

    private static Job run(FeatureSetSpec spec, FreshetEngine engine) {
        Job job = engine.startOnline(spec.name(),
                OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW).withMaxOffsetsPerTrigger(150));
        job.awaitTermination();
        return job;
    }
}
