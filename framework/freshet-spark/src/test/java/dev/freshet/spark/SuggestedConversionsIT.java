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
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.testsupport.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conversions the processor's messages suggest (its {@code Message} catalogue, whose tests compile each
 * suggestion) run in the engine too, online and offline: the aggregation hints ({@code try_cast(… AS DOUBLE)},
 * {@code unix_millis}, {@code unix_date}, {@code CAST(… AS INT)} of a boolean, {@code … > 0},
 * {@code … IS NOT NULL}), the event-time hints ({@code timestamp_millis}, {@code timestamp_seconds},
 * {@code try_to_timestamp}, {@code CAST(… AS TIMESTAMP)} of a date) and the key hint ({@code CAST(… AS STRING)}), on
 * records a plain {@code CAST} would fail on. And why the string hints are {@code try_cast} and
 * {@code try_to_timestamp}: with Spark's ANSI mode, a {@code CAST} of a string that is no number, or a
 * {@code to_timestamp} of one that is no timestamp, fails the whole micro-batch.
 */
class SuggestedConversionsIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("conv");

    private String name;

    @BeforeEach
    void nameTheFeatureSet() {
        name = "conv-" + scenario.id();
    }

    @Test
    void everyConversionTheAggregationHintsSuggestRunsOnlineAndOffline() {
        FeatureSetSpec spec = aFeatureSet().name(name).topic(scenario.topic())
                .fields(field("user_id", ValueType.STRING), field("amount", ValueType.DOUBLE),
                        field("amount_text", ValueType.STRING), field("is_remote", ValueType.BOOLEAN),
                        field("day", ValueType.DATE), field("timestamp", ValueType.TIMESTAMP))
                .sql("SELECT user_id, timestamp,"
                                + " try_cast(amount_text AS DOUBLE) AS amount_text_number,"
                                + " unix_millis(timestamp) AS timestamp_millis,"
                                + " unix_date(day) AS day_days,"
                                + " CAST(is_remote AS INT) AS is_remote_int,"
                                + " amount > 0 AS amount_positive,"
                                + " amount_text IS NOT NULL AS amount_text_present"
                                + " FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("timestamp", ValueType.TIMESTAMP),
                        column("amount_text_number", ValueType.DOUBLE), column("timestamp_millis", ValueType.LONG),
                        column("day_days", ValueType.INT), column("is_remote_int", ValueType.INT),
                        column("amount_positive", ValueType.BOOLEAN), column("amount_text_present", ValueType.BOOLEAN))
                .aggregate(List.of(
                        new AggregationSpec(AggregateFunction.AVG, "amount_text_number", ""),
                        new AggregationSpec(AggregateFunction.MAX, "timestamp_millis", ""),
                        new AggregationSpec(AggregateFunction.MIN, "day_days", ""),
                        new AggregationSpec(AggregateFunction.SUM, "is_remote_int", ""),
                        new AggregationSpec(AggregateFunction.BOOLEAN_AND, "amount_positive", ""),
                        new AggregationSpec(AggregateFunction.BOOLEAN_OR, "amount_text_present", "")),
                        Duration.ofMinutes(5), Duration.ofMinutes(1))
                .build();
        scenario.createTopic(1);
        send("{\"user_id\":\"u1\",\"amount\":2.5,\"amount_text\":\"2.5\",\"is_remote\":true,\"day\":\"2026-01-01\","
                + "\"timestamp\":\"" + T0.plusSeconds(1) + "\"}");
        // No number in amount_text, no day: CAST(amount_text AS DOUBLE) would fail the batch; try_cast gives null.
        send("{\"user_id\":\"u1\",\"amount\":-1,\"amount_text\":\"lots\",\"is_remote\":false,\"day\":null,"
                + "\"timestamp\":\"" + T0.plusSeconds(2) + "\"}");
        send("{\"user_id\":\"u1\",\"amount\":4,\"amount_text\":\"5.5\",\"is_remote\":true,\"day\":\"2025-12-31\","
                + "\"timestamp\":\"" + T0.plusSeconds(3) + "\"}");
        FreshetEngine engine = scenario.engine(spec);

        runOnline(spec);
        Map<String, Object> expected = Map.of(
                "avg_amount_text_number_1m", 4.0,
                "max_timestamp_millis_1m", T0.plusSeconds(3).toEpochMilli(),
                "min_day_days_1m", 20453L,                          // 2025-12-31
                "sum_is_remote_int_1m", 2L,
                "boolean_and_amount_positive_1m", false,
                "boolean_or_amount_text_present_1m", true);
        Instant at = T0.plusSeconds(10);
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector online = client.getAsOf(name, EntityKey.of("u1"), at).orElseThrow();
            expected.forEach((feature, value) -> assertThat(online.feature(feature).value()).as(feature)
                    .isEqualTo(value));
        }

        assertThat(engine.runOffline(name).orElseThrow().written()).isEqualTo(3);
        Row offline = engine.historical().pointInTime(labels(at), "label_time", List.of(FeatureRequest.all(name)),
                Duration.ZERO).first();
        expected.forEach((feature, value) -> assertThat((Object) offline.getAs(feature)).as(feature)
                .isEqualTo(value));
    }

    @Test
    void everyConversionTheEventTimeAndKeyHintsSuggestRuns() {
        FeatureSetSpec spec = aFeatureSet().name(name).topic(scenario.topic()).key("account")
                .fields(field("account_id", ValueType.DOUBLE), field("ts", ValueType.LONG),
                        field("ts_seconds", ValueType.DOUBLE), field("ts_text", ValueType.STRING),
                        field("day", ValueType.DATE))
                .timestamp("ts")
                .sql("SELECT CAST(account_id AS STRING) AS account, timestamp_millis(ts) AS ts,"
                                + " timestamp_seconds(ts_seconds) AS from_seconds,"
                                + " try_to_timestamp(ts_text) AS from_text,"
                                + " CAST(day AS TIMESTAMP) AS from_day FROM transaction_stream",
                        column("account", ValueType.STRING), column("ts", ValueType.TIMESTAMP),
                        column("from_seconds", ValueType.TIMESTAMP), column("from_text", ValueType.TIMESTAMP),
                        column("from_day", ValueType.TIMESTAMP))
                .build();
        scenario.createTopic(1);
        send("{\"account_id\":42.5,\"ts\":" + T0.plusSeconds(1).toEpochMilli() + ",\"ts_seconds\":1767225600.25,"
                + "\"ts_text\":\"2026-01-01T00:00:03Z\",\"day\":\"2026-01-01\"}");
        // Text that is no timestamp: to_timestamp would fail the batch; try_to_timestamp gives null.
        send("{\"account_id\":7,\"ts\":" + T0.plusSeconds(2).toEpochMilli() + ",\"ts_seconds\":1767225601,"
                + "\"ts_text\":\"yesterday\",\"day\":\"2025-12-31\"}");
        scenario.engine(spec);

        runOnline(spec);

        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            FeatureVector first = client.getAsOf(name, EntityKey.of("42.5"), T0.plusSeconds(10)).orElseThrow();
            assertThat(first.eventTime()).isEqualTo(T0.plusSeconds(1));
            assertThat(first.feature("from_seconds").value()).isEqualTo(T0.plusMillis(250));
            assertThat(first.feature("from_text").value()).isEqualTo(T0.plusSeconds(3));
            assertThat(first.feature("from_day").value()).as("midnight UTC").isEqualTo(T0);
            FeatureVector second = client.getAsOf(name, EntityKey.of("7.0"), T0.plusSeconds(10)).orElseThrow();
            assertThat(second.feature("from_text").isNull()).isTrue();
            assertThat(second.feature("from_day").value()).isEqualTo(T0.minus(Duration.ofDays(1)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CAST(text AS DOUBLE)     | DOUBLE    | CAST_INVALID_INPUT",
        "to_timestamp(text)       | TIMESTAMP | CAST_INVALID_INPUT",
    })
    void whatTheHintsAvoidFailsTheWholeBatchOnOneRecord(String expression, ValueType type, String error) {
        FeatureSetSpec spec = aFeatureSet().name(name).topic(scenario.topic())
                .fields(field("user_id", ValueType.STRING), field("text", ValueType.STRING),
                        field("timestamp", ValueType.TIMESTAMP))
                .sql("SELECT user_id, timestamp, " + expression + " AS converted FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("timestamp", ValueType.TIMESTAMP),
                        column("converted", type))
                .build();
        scenario.createTopic(1);
        send("{\"user_id\":\"u1\",\"text\":\"lots\",\"timestamp\":\"" + T0.plusSeconds(1) + "\"}");
        FreshetEngine engine = scenario.engine(spec);

        Job job = engine.startOnline(name, OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW));

        assertThatThrownBy(job::awaitTermination).hasMessageContaining(error).hasMessageContaining("'lots'");
    }

    private void runOnline(FeatureSetSpec spec) {
        assertThat(scenario.online(spec).failure()).isEmpty();
    }

    private static org.apache.spark.sql.Dataset<Row> labels(Instant at) {
        StructType schema = new StructType().add("user_id", DataTypes.StringType)
                .add("label_time", DataTypes.TimestampType);
        return SharedSpark.session().createDataFrame(List.of(RowFactory.create("u1", Timestamp.from(at))), schema);
    }

    private void send(String json) {
        scenario.send(0, "k", json, T0.plusSeconds(3));
    }
}
