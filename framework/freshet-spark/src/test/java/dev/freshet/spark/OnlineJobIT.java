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
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The online job end to end, with a real embedded broker, a real Redis and a local SparkSession: exact Redis state
 * and exact dead letters for valid, malformed, wrong-typed, keyless, timeless, out-of-order and duplicate events, and
 * a restart on the same checkpoint that neither loses nor regresses anything.
 */
class OnlineJobIT {

    private static final String T0 = "2026-01-01T00:00:0";

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("tx");

    @Test
    void writesValidEventsToRedisAndDeadLettersTheRestThenResumesFromItsCheckpoint() {
        FeatureSetSpec spec = aFeatureSet().name("tx-" + scenario.id()).topic(scenario.topic()).build();
        scenario.createTopic(1);
        send(tx("u1", "10.0", "false", T0 + "1Z"));                          // 0 valid
        send(tx("u2", "20.5", "true", T0 + "2Z"));                           // 1 valid
        send("{\"user_id\":");                                               // 2 not JSON
        send(tx("u3", "\"abc\"", "false", T0 + "3Z"));                       // 3 wrong type
        send(tx("u3", "null", "false", T0 + "4Z"));                          // 4 valid, null amount
        send("{\"amount\":1.0,\"is_remote\":false,\"timestamp\":\"" + T0 + "4Z\"}"); // 5 no key
        send("{\"user_id\":\"u4\",\"amount\":1.0,\"is_remote\":false}");    // 6 no event time
        send(tx("u1", "5.0", "true", T0 + "0Z"));                            // 7 older than offset 0
        send(tx("u2", "20.5", "true", T0 + "2Z"));                           // 8 duplicate of offset 1
        send(tx("u2", "21.0", "true", T0 + "5Z"));                           // 9 newer

        scenario.engine(spec);
        Job first = scenario.online(spec);

        // One batch: the newest event of each of u1, u2, u3 is written; u1@7, u2@1 and u2@8 lose to a newer one.
        assertThat(first.totals()).isEqualTo(new BatchOutcome(3, 3, Map.of(
                "MALFORMED_RECORD", 1L, "TYPE_MISMATCH", 1L, "MISSING_KEY", 1L, "MISSING_TIMESTAMP", 1L)));
        assertThat(scenario.redis().keys()).containsExactly(scenario.redisKeys(spec, "u1", "u2", "u3"));
        assertThat(scenario.hash(spec, "u1")).containsOnly(entry("amount", "d:10.0"), entry("is_remote", "b:false"),
                entry("__ts", millis(T0 + "1Z")), entry("__p", "0"), entry("__o", "0"));
        assertThat(scenario.hash(spec, "u2")).containsOnly(entry("amount", "d:21.0"), entry("is_remote", "b:true"),
                entry("__ts", millis(T0 + "5Z")), entry("__p", "0"), entry("__o", "9"));
        assertThat(scenario.hash(spec, "u3")).containsOnly(entry("is_remote", "b:false"),
                entry("__ts", millis(T0 + "4Z")), entry("__p", "0"), entry("__o", "4"));

        List<JsonNode> dead = scenario.deadLettersBySource(spec);
        assertThat(dead).extracting(d -> d.get("source").get("offset").asLong()).containsExactly(2L, 3L, 5L, 6L);
        assertThat(dead).extracting(d -> d.get("reason").asText())
                .containsExactly("MALFORMED_RECORD", "TYPE_MISMATCH", "MISSING_KEY", "MISSING_TIMESTAMP");
        assertThat(dead.get(1).get("detail").asText())
                .isEqualTo("member \"amount\": expected a number, got the string \"abc\"");
        assertThat(dead.get(1).get("payload").asText()).isEqualTo(tx("u3", "\"abc\"", "false", T0 + "3Z"));
        assertThat(dead.get(1).get("feature_set").asText()).isEqualTo(spec.name());
        assertThat(dead.get(1).get("source").get("topic").asText()).isEqualTo(scenario.topic());
        assertThat(dead.get(2).get("detail").asText()).isEqualTo("key member \"user_id\" is missing");
        assertThat(scenario.meters().counter("freshet.records.dead.lettered", "feature.set", spec.name(), "job",
                "online", "reason", "type_mismatch").count()).isEqualTo(1.0);
        assertThat(scenario.meters().counter("freshet.records.written", "feature.set", spec.name(), "job", "online")
                .count()).isEqualTo(3.0);

        send(tx("u1", "11.0", "false", T0 + "6Z"));                          // 10 newer for u1
        send(tx("u2", "99.0", "false", T0 + "1Z"));                          // 11 older for u2
        send("[1,2]");                                                       // 12 not an object
        Job second = scenario.online(spec);

        assertThat(second.totals()).isEqualTo(new BatchOutcome(1, 1, Map.of("MALFORMED_RECORD", 1L)));
        assertThat(scenario.hash(spec, "u1")).contains(entry("amount", "d:11.0"), entry("__o", "10"));
        assertThat(scenario.hash(spec, "u2")).contains(entry("amount", "d:21.0"), entry("__o", "9"));
        assertThat(scenario.deadLettersBySource(spec)).extracting(d -> d.get("source").get("offset").asLong())
                .containsExactly(2L, 3L, 5L, 6L, 12L);
    }

    @Test
    void servesWhatTheJobWroteThroughTheOnlineClient() {
        FeatureSetSpec spec = aFeatureSet().name("served-" + scenario.id()).topic(scenario.topic()).build();
        scenario.createTopic(1);
        send(tx("u1", "10.0", "false", T0 + "1Z"));
        send(tx("u3", "null", "true", T0 + "4Z"));
        scenario.engine(spec);
        scenario.online(spec);

        try (RedisOnlineFeatureClient online = scenario.client(spec)) {
            FeatureVector u1 = online.get(spec.name(), EntityKey.of("u1")).orElseThrow();
            assertThat(u1.eventTime()).isEqualTo(Instant.parse(T0 + "1Z"));
            assertThat(u1.feature("amount").asDouble()).isEqualTo(10.0);
            assertThat(u1.feature("is_remote").asBoolean()).isFalse();
            assertThat(online.get(spec.name(), EntityKey.of("u3")).orElseThrow().feature("amount").isNull()).isTrue();
            assertThat(online.get(spec.name(), EntityKey.of("nobody"))).isEqualTo(Optional.empty());
            assertThat(online.getAll(spec.name(), List.of(EntityKey.of("u3"), EntityKey.of("nobody"),
                    EntityKey.of("u1"))).keySet()).containsExactly(EntityKey.of("u3"), EntityKey.of("u1"));
        }
    }

    @Test
    void carriesTheSourcePositionThroughFiltersExpressionsAndSubqueries() {
        FeatureSetSpec spec = aFeatureSet().name("sql-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT upper(user_id) AS user_id, amount * 2 AS doubled, timestamp FROM "
                        + "(SELECT * FROM transaction_stream WHERE amount > 1) t WHERE NOT is_remote",
                        column("user_id", ValueType.STRING), column("doubled", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        send(tx("u1", "10.0", "false", T0 + "1Z"));  // 0 kept
        send(tx("u2", "0.5", "false", T0 + "1Z"));   // 1 filtered by the subquery
        send(tx("u3", "4.0", "true", T0 + "1Z"));    // 2 filtered by the outer WHERE
        send(tx("u1", "3.0", "false", T0 + "2Z"));   // 3 kept, newer
        scenario.engine(spec);
        Job job = scenario.online(spec);

        assertThat(job.totals()).isEqualTo(new BatchOutcome(1, 1, Map.of()));
        assertThat(scenario.redis().keys()).containsExactly(scenario.redisKey(spec, "U1"));
        assertThat(scenario.hash(spec, "U1")).containsOnly(entry("doubled", "d:6.0"),
                entry("__ts", millis(T0 + "2Z")), entry("__p", "0"), entry("__o", "3"));
    }

    @Test
    void carriesTheSourcePositionThroughCommonTableExpressions() {
        FeatureSetSpec spec = aFeatureSet().name("cte-" + scenario.id()).topic(scenario.topic())
                .sql("WITH kept AS (SELECT user_id, amount, timestamp FROM transaction_stream WHERE amount > 1),"
                        + " doubled AS (SELECT user_id, amount * 2 AS doubled, timestamp FROM kept)"
                        + " SELECT user_id, doubled, timestamp FROM doubled",
                        column("user_id", ValueType.STRING), column("doubled", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        send(tx("u1", "10.0", "false", T0 + "1Z"));  // 0
        send(tx("u1", "0.5", "false", T0 + "3Z"));   // 1 filtered in the first CTE
        send(tx("u1", "3.0", "false", T0 + "2Z"));   // 2 kept, the newest kept event
        scenario.engine(spec);
        Job job = scenario.online(spec);

        assertThat(job.totals()).isEqualTo(new BatchOutcome(1, 1, Map.of()));
        assertThat(scenario.hash(spec, "u1")).containsOnly(entry("doubled", "d:6.0"),
                entry("__ts", millis(T0 + "2Z")), entry("__p", "0"), entry("__o", "2"));
    }

    @Test
    void deadLettersRowsWhoseKeyTheTransformMadeNull() {
        FeatureSetSpec spec = aFeatureSet().name("nullkey-" + scenario.id()).topic(scenario.topic())
                .sql("SELECT nullif(user_id, 'anonymous') AS user_id, amount, timestamp FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        send(tx("anonymous", "1.0", "false", T0 + "1Z"));
        send(tx("u1", "2.0", "false", T0 + "1Z"));
        scenario.engine(spec);
        Job job = scenario.online(spec);

        assertThat(job.totals()).isEqualTo(new BatchOutcome(1, 0, Map.of("MISSING_KEY", 1L)));
        JsonNode dead = scenario.deadLettersBySource(spec).get(0);
        assertThat(dead.get("detail").asText()).isEqualTo("the transform's key column \"user_id\" is null");
        assertThat(dead.get("source").get("offset").asLong()).isZero();
        assertThat(dead.get("payload").isNull()).isTrue();
    }

    @Test
    void aZeroTtlKeepsAnAggregatedSetsKeysForEverAndNoneDeclaredMeansTheDefault() {
        FeatureSetSpec kept = aFeatureSet().name("ttl0-" + scenario.id()).topic(scenario.topic())
                .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(1),
                        Duration.ofMinutes(10))
                .build();
        FeatureSetSpec expiring = aFeatureSet().name("ttld-" + scenario.id()).topic(scenario.topic())
                .aggregations(kept.aggregations()).build();
        scenario.createTopic(1);
        send(tx("u1", "1.0", "false", T0 + "1Z"));
        FreshetEngine engine = scenario.engine(kept, expiring);

        engine.startOnline(kept.name(), new OnlineJobSettings(Duration.ofSeconds(1), 0, Duration.ZERO,
                RunMode.AVAILABLE_NOW)).awaitTermination();
        scenario.online(expiring);

        assertThat(scenario.redis().commands().ttl(scenario.redisKey(kept, "u1"))).as("no TTL").isEqualTo(-1L);
        long defaultTtl = OnlineJobSettings.declared(expiring).onlineTtl().toSeconds();
        assertThat(scenario.redis().commands().ttl(scenario.redisKey(expiring, "u1"))).isBetween(defaultTtl - 60,
                defaultTtl);
    }

    private void send(String value) {
        scenario.send(0, "k", value, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static String tx(String user, String amount, String remote, String timestamp) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote
                + ",\"timestamp\":\"" + timestamp + "\"}";
    }

    private static String millis(String timestamp) {
        return Long.toString(Instant.parse(timestamp).toEpochMilli());
    }
}
