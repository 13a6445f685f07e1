package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static dev.freshet.testsupport.FeatureSets.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.function.TestDatasetTransforms;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.testsupport.SharedSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole-Dataset transforms on a real broker, Redis and local Spark: one that joins the stream with a small static
 * Dataset feeds an aggregation in the online job and the offline run, and one whose actual schema is not the declared
 * one stops the job at start with an error naming each missing or mistyped column.
 */
class DatasetTransformIT {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("datasets");

    @Test
    void aTransformJoiningAStaticDatasetFeedsAnAggregation() {
        FeatureSetSpec spec = travelSpend("ds-join-" + scenario.id());
        scenario.createTopic(2);
        send(0, "u1", "m-air", "100.0", 0);
        send(1, "u1", "m-shop", "30.0", 1);
        send(0, "u1", "m-hotel", "50.5", 2);
        send(1, "u2", "m-shop", "12.0", 3);
        send(0, "u2", "m-unknown", "999.0", 4); // no merchant: the inner join drops it
        scenario.engine(spec);

        Job job = scenario.online(spec);

        assertThat(job.failure()).isEmpty();
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector u1 = client.getAsOf(spec.name(), EntityKey.of("u1"), T0.plusSeconds(10)).orElseThrow();
            assertThat(u1.feature("sum_travel_amount_10m").asDouble()).isEqualTo(150.5);
            assertThat(u1.feature("count_travel_amount_10m").asLong()).isEqualTo(3);
            FeatureVector u2 = client.getAsOf(spec.name(), EntityKey.of("u2"), T0.plusSeconds(10)).orElseThrow();
            assertThat(u2.feature("sum_travel_amount_10m").asDouble()).isZero();
            assertThat(u2.feature("count_travel_amount_10m").asLong()).isEqualTo(1);
        }
    }

    @Test
    void anOfflineRunAppliesTheTransform() {
        FeatureSetSpec spec = aFeatureSet().name("ds-offline-" + scenario.id()).topic(scenario.topic())
                .fields(field("user_id", ValueType.STRING), field("merchant_id", ValueType.STRING),
                        field("amount", ValueType.DOUBLE), field("timestamp", ValueType.TIMESTAMP))
                .datasetTransform(TestDatasetTransforms.TRAVEL_SPEND_SPEC, column("user_id", ValueType.STRING),
                        column("category", ValueType.STRING), column("travel_amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        send(0, "u1", "m-air", "100.0", 0);
        send(0, "u2", "m-shop", "30.0", 1);
        send(0, "u3", "m-unknown", "1.0", 2);
        FreshetEngine engine = scenario.engine(spec);

        OfflineRun run = engine.runOffline(spec.name()).orElseThrow();

        assertThat(run.written()).isEqualTo(2);
        assertThat(run.deadLetters()).isEqualTo(Map.of());
        List<String> rows = engine.offlineTable().read(SharedSpark.session(), spec)
                .select("user_id", "category", "travel_amount").collectAsList().stream()
                .map(r -> r.getString(0) + "/" + r.getString(1) + "=" + r.getDouble(2)).sorted().toList();
        assertThat(rows).containsExactly("u1/travel=100.0", "u2/groceries=0.0");
    }

    @Test
    void aTransformWhoseSchemaIsNotTheDeclaredOneStopsTheJobAtStartNamingEachColumn() {
        FeatureSetSpec spec = aFeatureSet().name("ds-wrong-" + scenario.id()).topic(scenario.topic())
                .datasetTransform(TestDatasetTransforms.WRONG_SCHEMA_SPEC, column("user_id", ValueType.STRING),
                        column("amount", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        FreshetEngine engine = scenario.engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(),
                OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW)).awaitTermination())
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"" + spec.name() + "\": the Dataset transform"
                        + " test.Transforms.wrongSchema(Dataset<Row>) returns a Dataset whose schema is not the one its"
                        + " output record test.Declared declares: column \"user_id\" is bigint, declared string;"
                        + " column \"amount\" (double) is missing. Return every component of the record as a column"
                        + " of its type (select and cast them at the end of the method), or change the record");
        assertThat(scenario.redis().keys()).isEmpty();
    }

    @Test
    void aTransformThatAggregatesByItselfStopsTheJobAtStart() {
        FeatureSetSpec spec = aFeatureSet().name("ds-agg-" + scenario.id()).topic(scenario.topic())
                .datasetTransform(TestDatasetTransforms.PER_USER_SPEC, column("user_id", ValueType.STRING),
                        column("amount", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        FreshetEngine engine = scenario.engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(),
                OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW)).awaitTermination())
                .isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"" + spec.name() + "\": the Dataset transform"
                        + " test.Transforms.perUser(Dataset<Row>) loses the source position of its rows:")
                .hasMessageContaining("declare aggregations on the feature set instead")
                .satisfies(e -> assertThat(((FreshetException) e).restartCanFix()).as("restartCanFix").isFalse());
    }

    @Test
    void aTransformThatThrowsWhileTheQueryIsBuiltStopsTheJobNamingTheMethod() {
        FeatureSetSpec spec = aFeatureSet().name("ds-throw-" + scenario.id()).topic(scenario.topic())
                .datasetTransform(TestDatasetTransforms.THROWING_SPEC, column("user_id", ValueType.STRING),
                        column("amount", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        FreshetEngine engine = scenario.engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name(),
                OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW)).awaitTermination())
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"" + spec.name() + "\": the Dataset transform"
                        + " test.Transforms.throwing(Dataset<Row>) threw java.lang.IllegalStateException: merchants"
                        + " table not found while the job built its query, before it read any record; fix the method"
                        + " (a restart runs it again the same way)")
                .hasRootCauseMessage("merchants table not found");
    }

    private FeatureSetSpec travelSpend(String name) {
        return aFeatureSet().name(name).topic(scenario.topic())
                .fields(field("user_id", ValueType.STRING), field("merchant_id", ValueType.STRING),
                        field("amount", ValueType.DOUBLE), field("timestamp", ValueType.TIMESTAMP))
                .datasetTransform(TestDatasetTransforms.TRAVEL_SPEND_SPEC, column("user_id", ValueType.STRING),
                        column("category", ValueType.STRING), column("travel_amount", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "travel_amount", ""),
                        new AggregationSpec(AggregateFunction.COUNT, "travel_amount", "")), Duration.ofMinutes(1),
                        Duration.ofMinutes(10))
                .build();
    }

    private void send(int partition, String user, String merchant, String amount, int second) {
        Instant time = T0.plusSeconds(second);
        scenario.send(partition, user, "{\"user_id\":\"" + user + "\",\"merchant_id\":\"" + merchant
                + "\",\"amount\":" + amount + ",\"timestamp\":\"" + time + "\"}", time);
    }
}
