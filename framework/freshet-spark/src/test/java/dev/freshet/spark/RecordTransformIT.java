package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.function.TestRecordTransforms;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.testsupport.SharedSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Typed record transforms on a real broker, Redis and local Spark, with invokers written as the processor generates
 * them: one on the source records feeds an aggregation, one after the SQL turns a record into several rows, and a
 * record the method throws on, returns null for, or whose primitive component would get a null is dead-lettered as
 * TRANSFORM_ERROR with its payload while the others reach the stores, online and offline.
 */
class RecordTransformIT {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    private static final String PURCHASES = "SELECT user_id, amount, timestamp FROM transaction_stream"
            + " WHERE NOT is_remote";

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("records");

    @Test
    void aTransformOnTheSourceRecordsFeedsAnAggregation() {
        FeatureSetSpec spec = aFeatureSet().name("rt-agg-" + scenario.id()).topic(scenario.topic())
                .recordTransform(TestRecordTransforms.SCORE_SPEC, column("user_id", ValueType.STRING),
                        column("risk", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "risk", ""),
                        new AggregationSpec(AggregateFunction.COUNT, "risk", "")), Duration.ofMinutes(1),
                        Duration.ofMinutes(10))
                .build();
        scenario.createTopic(2);
        send(0, "u1", "10", true, 0);
        send(1, "u1", "5", false, 1);
        send(0, "u1", "0", true, 2);  // Optional.empty(): no row
        send(1, "u2", "3", false, 3);
        scenario.engine(spec);

        Job job = scenario.online(spec);

        assertThat(job.failure()).isEmpty();
        assertThat(job.totals().deadLetters()).isEmpty();
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector u1 = client.getAsOf(spec.name(), EntityKey.of("u1"), T0.plusSeconds(10)).orElseThrow();
            assertThat(u1.feature("sum_risk_10m").asDouble()).isEqualTo(25.0);
            assertThat(u1.feature("count_risk_10m").asLong()).isEqualTo(2);
            FeatureVector u2 = client.getAsOf(spec.name(), EntityKey.of("u2"), T0.plusSeconds(10)).orElseThrow();
            assertThat(u2.feature("sum_risk_10m").asDouble()).isEqualTo(3.0);
            assertThat(u2.feature("count_risk_10m").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aRecordTheMethodThrowsOnOrCannotTakeIsDeadLetteredAndTheOthersReachRedis() {
        FeatureSetSpec spec = aFeatureSet().name("rt-fail-" + scenario.id()).topic(scenario.topic())
                .recordTransform(TestRecordTransforms.SCORE_SPEC, column("user_id", ValueType.STRING),
                        column("risk", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(2);
        for (int i = 0; i < 4; i++) {
            send(i % 2, "good-" + i, Integer.toString(10 + i), i == 1, i);
        }
        long negative = send(0, "neg", "-1", false, 10);
        long missing = send(1, "missing", "null", false, 11);
        send(0, "zero", "0", false, 12);
        FreshetEngine engine = scenario.engine(spec);

        Job job = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec));
        job.processAllAvailable();

        assertThat(job.totals()).isEqualTo(new BatchOutcome(4, 0, Map.of("TRANSFORM_ERROR", 2L)));
        assertThat(scenario.redis().keys()).containsExactlyInAnyOrder(scenario.redisKeys(spec, "good-0", "good-1",
                "good-2", "good-3"));
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "good-1"))).contains(entry("risk", "d:22.0"));
        Map<String, JsonNode> letters = scenario.deadLetters(spec);
        assertThat(letters).containsOnlyKeys("neg", "missing");
        JsonNode neg = letters.get("neg");
        assertThat(neg.get("reason").asText()).isEqualTo("TRANSFORM_ERROR");
        assertThat(neg.get("detail").asText()).isEqualTo("record transform test.Transforms.score(test.Transaction)"
                + " threw java.lang.IllegalArgumentException: negative amount -1.0");
        assertThat(neg.get("source").get("partition").asInt()).isZero();
        assertThat(neg.get("source").get("offset").asLong()).isEqualTo(negative);
        assertThat(neg.get("payload").asText()).contains("\"user_id\":\"neg\"");
        JsonNode nothing = letters.get("missing");
        assertThat(nothing.get("detail").asText()).isEqualTo("column \"amount\" is null, but component amount of"
                + " test.Transaction is a primitive double, which cannot hold it (declare the component as its box"
                + " to receive nulls)");
        assertThat(nothing.get("source").get("partition").asInt()).isOne();
        assertThat(nothing.get("source").get("offset").asLong()).isEqualTo(missing);
        assertThat(scenario.deadLettered(spec, "TRANSFORM_ERROR")).isEqualTo(2.0);

        send(0, "after", "7", true, 20);
        job.processAllAvailable();
        assertThat(job.isActive()).isTrue();
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "after"))).contains(entry("risk", "d:14.0"));
    }

    @Test
    void aTransformAfterTheSqlMayEmitSeveralRowsForOneRecord() {
        FeatureSetSpec spec = installments("rt-many-" + scenario.id());
        scenario.createTopic(1);
        send(0, "big", "300", false, 0);
        send(0, "small", "40", false, 1);
        send(0, "remote", "500", true, 2);  // the SQL's WHERE drops it
        long missing = send(0, "missing", "null", false, 3);
        scenario.engine(spec);

        Job job = scenario.online(spec);

        assertThat(job.totals().deadLetters()).isEqualTo(Map.of("TRANSFORM_ERROR", 1L));
        assertThat(scenario.redis().keys()).containsExactlyInAnyOrder(scenario.redisKeys(spec, "big", "small"));
        // The online store keeps each key's newest row: the third part of the big purchase, 60 days on.
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "big"))).contains(entry("part", "d:100.0"),
                entry("number", "i:3"));
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "small"))).contains(entry("part", "d:40.0"),
                entry("number", "i:1"));
        JsonNode letter = scenario.deadLetters(spec).get("missing");
        assertThat(letter.get("detail").asText()).isEqualTo("record transform"
                + " test.Transforms.installments(test.Purchase) returned null where a record was expected; return"
                + " Optional.empty() or an empty List to emit no row for a record");
        assertThat(letter.get("source").get("offset").asLong()).isEqualTo(missing);
    }

    @Test
    void anOfflineRunAppliesTheTransformAndCountsItsFailures() {
        FeatureSetSpec spec = installments("rt-offline-" + scenario.id());
        scenario.createTopic(1);
        send(0, "big", "300", false, 0);
        send(0, "small", "40", false, 1);
        send(0, "missing", "null", false, 2);
        FreshetEngine engine = scenario.engine(spec);

        OfflineRun run = engine.runOffline(spec.name()).orElseThrow();

        assertThat(run.written()).isEqualTo(4);
        assertThat(run.deadLetters()).isEqualTo(Map.of("TRANSFORM_ERROR", 1L));
        List<String> rows = engine.offlineTable().read(SharedSpark.session(), spec)
                .select("user_id", "number", "part").collectAsList().stream()
                .map(r -> r.getString(0) + "#" + r.getInt(1) + "=" + r.getDouble(2)).sorted().toList();
        assertThat(rows).containsExactly("big#1=100.0", "big#2=100.0", "big#3=100.0", "small#1=40.0");
    }

    private FeatureSetSpec installments(String name) {
        return aFeatureSet().name(name).topic(scenario.topic())
                .sqlThenRecordTransform(PURCHASES, TestRecordTransforms.INSTALLMENTS_SPEC,
                        column("user_id", ValueType.STRING), column("part", ValueType.DOUBLE),
                        column("number", ValueType.INT), column("timestamp", ValueType.TIMESTAMP))
                .build();
    }

    private long send(int partition, String user, String amount, boolean remote, int second) {
        Instant time = T0.plusSeconds(second);
        return scenario.send(partition, user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                + ",\"is_remote\":" + remote + ",\"timestamp\":\"" + time + "\"}", time);
    }
}
