package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.function.TestFunctions;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.testsupport.SharedSpark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature sets whose SQL calls SQL functions, on a real broker, Redis and local Spark: the functions' results are
 * stored, a null into a primitive parameter gives null without a call, and a record a function throws on is
 * dead-lettered as TRANSFORM_ERROR (in the SELECT or in the WHERE) while the others reach the stores.
 */
class SqlFunctionsIT {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("functions");

    @Test
    void aFeatureSetUsingTwoFunctionsStoresTheirResults() {
        FeatureSetSpec spec = aFeatureSet().name("fn-two-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT normalize_user(user_id) AS user_id, risk(amount, is_remote) AS risk, timestamp"
                                + " FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("risk", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .functions(TestFunctions.NORMALIZE_USER_SPEC, TestFunctions.RISK_SPEC)
                .build();
        scenario.createTopic(1);
        send(0, " U1 ", "10.5", true, 0);
        send(0, "u2", "5.25", false, 1);
        send(0, "u3", "null", true, 2);
        scenario.engine(spec);

        Job job = scenario.online(spec);

        assertThat(job.totals()).isEqualTo(new BatchOutcome(3, 0, Map.of()));
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "u1"))).contains(entry("risk", "d:21.0"));
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "u2"))).contains(entry("risk", "d:5.25"));
        // A null into the primitive parameter: the function is not called, the feature is null.
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "u3"))).doesNotContainKey("risk");
    }

    @Test
    void aFunctionThatThrowsDeadLettersItsRecordAndTheOthersReachRedis() {
        FeatureSetSpec spec = aFeatureSet().name("fn-throws-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT user_id, checked_amount(amount) AS amount, timestamp FROM transaction_stream"
                                + " WHERE NOT is_large(amount)",
                        column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .functions(TestFunctions.CHECKED_AMOUNT_SPEC, TestFunctions.IS_LARGE_SPEC)
                .build();
        scenario.createTopic(2);
        List<Long> negative = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            send(i % 2, "good-" + i, Integer.toString(10 + i), false, i);
        }
        negative.add(send(0, "neg-1", "-1", false, 10));
        negative.add(send(1, "neg-2", "-2.5", false, 11));
        send(0, "filtered", "200", false, 12);
        long implausible = send(1, "huge", "5000", false, 13);
        FreshetEngine engine = scenario.engine(spec);

        Job job = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec));
        job.processAllAvailable();

        assertThat(job.totals()).isEqualTo(new BatchOutcome(6, 0, Map.of("TRANSFORM_ERROR", 3L)));
        assertThat(scenario.redis().keys()).containsExactlyInAnyOrder(scenario.redisKeys(spec, "good-0", "good-1",
                "good-2", "good-3", "good-4", "good-5"));
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "good-3"))).contains(entry("amount", "d:13.0"));
        Map<String, JsonNode> letters = scenario.deadLetters(spec);
        assertThat(letters).containsOnlyKeys("neg-1", "neg-2", "huge");
        JsonNode neg = letters.get("neg-1");
        assertThat(neg.get("reason").asText()).isEqualTo("TRANSFORM_ERROR");
        assertThat(neg.get("detail").asText()).isEqualTo("SQL function checked_amount"
                + " (test.Functions.checkedAmount(double)) threw java.lang.IllegalArgumentException: negative amount"
                + " -1.0");
        assertThat(neg.get("source").get("partition").asInt()).isZero();
        assertThat(neg.get("source").get("offset").asLong()).isEqualTo(negative.get(0));
        assertThat(neg.get("payload").asText()).contains("\"user_id\":\"neg-1\"");
        JsonNode huge = letters.get("huge");
        assertThat(huge.get("detail").asText()).isEqualTo("SQL function is_large (test.Functions.isLarge(double))"
                + " threw java.lang.IllegalStateException: implausible amount 5000.0");
        assertThat(huge.get("source").get("offset").asLong()).isEqualTo(implausible);
        assertThat(scenario.deadLettered(spec, "TRANSFORM_ERROR")).isEqualTo(3.0);

        send(0, "after", "7", false, 20);
        job.processAllAvailable();
        assertThat(job.isActive()).isTrue();
        assertThat(scenario.redis().hash(scenario.redisKey(spec, "after"))).contains(entry("amount", "d:7.0"));
    }

    @Test
    void anOfflineRunAppliesTheFunctionsAndCountsTheirFailures() {
        FeatureSetSpec spec = aFeatureSet().name("fn-offline-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT normalize_user(user_id) AS user_id, checked_amount(amount) AS amount, timestamp"
                                + " FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .functions(TestFunctions.NORMALIZE_USER_SPEC, TestFunctions.CHECKED_AMOUNT_SPEC)
                .build();
        scenario.createTopic(1);
        send(0, " Alice ", "3.5", false, 0);
        send(0, "BOB", "4", false, 1);
        send(0, "carol", "-1", false, 2);
        FreshetEngine engine = scenario.engine(spec);

        OfflineRun run = engine.runOffline(spec.name()).orElseThrow();

        assertThat(run.written()).isEqualTo(2);
        assertThat(run.deadLetters()).isEqualTo(Map.of("TRANSFORM_ERROR", 1L));
        List<String> users = engine.offlineTable().read(SharedSpark.session(), spec).select("user_id", "amount")
                .collectAsList().stream().map(r -> r.getString(0) + "=" + r.getDouble(1)).sorted().toList();
        assertThat(users).containsExactly("alice=3.5", "bob=4.0");
    }

    private long send(int partition, String user, String amount, boolean remote, int second) {
        Instant time = T0.plusSeconds(second);
        return scenario.send(partition, user.strip(), "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                + ",\"is_remote\":" + remote + ",\"timestamp\":\"" + time + "\"}", time);
    }
}
