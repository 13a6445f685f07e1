package dev.freshet.test;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spi.SqlFunctionInvoker;
import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.OfflineTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FeatureSetTestDriverIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Throws for negative amounts: a Java function of a transform, failing on one record. */
    private static final SqlFunctionSpec CHECKED = new SqlFunctionSpec("checked", List.of(
            new SqlFunctionParameter("amount", SqlFunctionType.DOUBLE, true)), SqlFunctionType.DOUBLE,
            "test.Checked.checked(double)", (SqlFunctionInvoker) arguments -> {
                double amount = (Double) arguments[0];
                if (amount < 0) {
                    throw new IllegalArgumentException("negative amount " + amount);
                }
                return amount;
            });

    private static final FeatureSetSpec ROWS = aFeatureSet().name("driver-rows").topic("tx")
            .maxEventTimeSkew(Duration.ofMinutes(5))
            .functions(CHECKED)
            .sql("SELECT user_id, checked(amount) AS amount, is_remote, timestamp FROM transaction_stream",
                    column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                    column("is_remote", ValueType.BOOLEAN), column("timestamp", ValueType.TIMESTAMP))
            .build();

    private static final FeatureSetSpec COUNTS = aFeatureSet().name("driver-counts").topic("tx")
            .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", "payments"),
                    new AggregationSpec(AggregateFunction.SUM, "amount", "spent")), Duration.ofMinutes(1),
                    Duration.ofMinutes(10), Duration.ofHours(1))
            .maxEventTimeSkew(Duration.ofMinutes(5))
            .build();

    private static String tx(String user, String amount, Instant time) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":false,\"timestamp\":\""
                + time + "\"}";
    }

    @Test
    void rowLevelReadsTheNewestEventsValuesAndAnOlderEventLoses() {
        try (FeatureSetTestDriver driver = FeatureSetTestDriver.forSpecs(List.of(ROWS))) {
            driver.send("tx", 0, T0, "u1", tx("u1", "10.5", T0));
            driver.send("tx", 1, T0.plusSeconds(60), "u1", tx("u1", "20.0", T0.plusSeconds(60)));
            driver.send("tx", 0, T0.plusSeconds(90), "u1", tx("u1", "99.0", T0.plusSeconds(30)));

            FeatureVector vector = driver.features("driver-rows", "u1").orElseThrow();

            assertThat(vector.feature("amount").value()).isEqualTo(20.0);
            assertThat(vector.eventTime()).isEqualTo(T0.plusSeconds(60));
            assertThat(driver.features("driver-rows", "nobody")).isEmpty();

            driver.send("tx", 0, T0.plusSeconds(120), "u1", tx("u1", "30.0", T0.plusSeconds(120)));
            assertThat(driver.features("driver-rows", "u1").orElseThrow().feature("amount").value())
                    .as("a second micro-batch on the same query").isEqualTo(30.0);
        }
    }

    @Test
    void aggregatedSetsMergeTilesAtTheReadTimeAndWindowsDecay() {
        try (FeatureSetTestDriver driver = FeatureSetTestDriver.forSpecs(List.of(COUNTS))) {
            driver.send("tx", 0, T0, "u1", tx("u1", "10", T0));
            driver.send("tx", 0, T0.plusSeconds(120), "u1", tx("u1", "5", T0.plusSeconds(120)));

            Map<String, Object> at5 = values(driver.readAt(T0.plusSeconds(300)).features("driver-counts", "u1"));
            Map<String, Object> at30 = values(driver.advanceTo(T0.plusSeconds(1800)).features("driver-counts", "u1"));
            Map<String, Object> at2h = values(driver.advanceTo(T0.plusSeconds(7200)).features("driver-counts", "u1"));

            assertThat(at5).containsEntry("payments_10m", 2L).containsEntry("spent_10m", 15.0)
                    .containsEntry("payments_1h", 2L);
            assertThat(at30).containsEntry("payments_10m", 0L).containsEntry("payments_1h", 2L);
            assertThat(at2h).containsEntry("payments_1h", 0L);
            assertThatThrownBy(() -> driver.advanceTo(T0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Map<String, Object> values(Optional<FeatureVector> vector) {
        return vector.orElseThrow().features().entrySet().stream().filter(e -> e.getValue().value() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }

    @Test
    void everyDeadLetterReasonOfTheDecoderTheTransformAndTheEventTimePolicyIsReported() {
        try (FeatureSetTestDriver driver = FeatureSetTestDriver.forSpecs(List.of(ROWS, COUNTS))) {
            driver.send("tx", 0, T0, null, "{not json");
            driver.send("tx", 0, T0, null, "{\"user_id\":\"u1\",\"amount\":\"ten\",\"timestamp\":\"" + T0 + "\"}");
            driver.send("tx", 0, T0, null, "{\"user_id\":\"u1\",\"amount\":1,\"timestamp\":\"yesterday\"}");
            driver.send("tx", 0, T0, null, "{\"amount\":1,\"timestamp\":\"" + T0 + "\"}");
            driver.send("tx", 0, T0, null, "{\"user_id\":\"u1\",\"amount\":1}");
            driver.send("tx", 0, T0, null, tx("u1", "-1", T0));
            driver.send("tx", 0, T0, null, tx("u2", "1", T0.plusSeconds(3600)));
            driver.send("tx", 0, T0, null, tx("u3", "1", T0));
            driver.send("tx", 0, T0, null, tx("u3", "1", T0.minusSeconds(600)));

            List<DeadLetter> rows = driver.deadLetters("driver-rows");
            List<DeadLetter> counts = driver.deadLetters("driver-counts");

            assertThat(rows).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.MALFORMED_RECORD,
                    DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.INVALID_TIMESTAMP, DeadLetterReason.MISSING_KEY,
                    DeadLetterReason.MISSING_TIMESTAMP, DeadLetterReason.TRANSFORM_ERROR,
                    DeadLetterReason.FUTURE_EVENT_TIME);
            assertThat(rows.get(5).detail()).contains("negative amount -1.0");
            assertThat(counts).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.MALFORMED_RECORD,
                    DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.INVALID_TIMESTAMP, DeadLetterReason.MISSING_KEY,
                    DeadLetterReason.MISSING_TIMESTAMP, DeadLetterReason.FUTURE_EVENT_TIME, DeadLetterReason.LATE);
            assertThat(counts.get(6).offset()).isEqualTo(8);
            assertThat(counts.get(6).detail()).contains("allowed lateness is 1m");
            assertThat(driver.features("driver-counts", "u1").orElseThrow().feature("payments_1h").value())
                    .as("the negative amount counts: only the row-level set calls the function").isNotNull();
        }
    }

    @Test
    void typedSendsAreSerializedForTheStrictDecoderAndResetForgetsEverything() {
        record Tx(String user_id, double amount, boolean is_remote, Instant timestamp) {}
        try (FeatureSetTestDriver driver = FeatureSetTestDriver.forSpecs(List.of(ROWS))) {
            driver.readAt(T0.plusSeconds(10)).send("tx", new Tx("u1", 7.5, true, T0));

            assertThat(driver.features("driver-rows", "u1").orElseThrow().feature("is_remote").value())
                    .isEqualTo(true);
            assertThat(driver.sent()).singleElement().satisfies(r -> assertThat(r.kafkaTime())
                    .isEqualTo(T0.plusSeconds(10)));

            driver.reset();

            assertThat(driver.features("driver-rows", "u1")).isEmpty();
            assertThat(driver.sent()).isEmpty();
            driver.send("tx", new Tx("u1", 1.0, false, T0));
            assertThat(driver.features("driver-rows", "u1").orElseThrow().feature("amount").value())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void withOfflineTheOfflineJobsRowsAndPointInTimeReadsAreThere() {
        try (FeatureSetTestDriver driver = FeatureSetTestDriver.withOffline(List.of(ROWS))) {
            driver.send("tx", 0, T0, "u1", tx("u1", "10.0", T0));
            driver.send("tx", 0, T0.plusSeconds(60), "u1", tx("u1", "20.0", T0.plusSeconds(60)));
            driver.send("tx", 0, T0.plusSeconds(60), "u1", tx("u1", "-5", T0.plusSeconds(60)));

            List<Row> rows = driver.offlineRows("driver-rows").orderBy(OfflineTable.OFFSET).collectAsList();
            StructType labelSchema = new StructType().add("user_id", DataTypes.StringType)
                    .add("label_time", DataTypes.TimestampType);
            Dataset<Row> labels = TestSpark.session().createDataFrame(List.of(
                    RowFactory.create("u1", Timestamp.from(T0.plusSeconds(30))),
                    RowFactory.create("u1", Timestamp.from(T0.plusSeconds(90)))), labelSchema);
            List<Row> joined = driver.historical().pointInTime(labels, "label_time",
                    List.of(FeatureRequest.all("driver-rows")), Duration.ZERO).orderBy("label_time").collectAsList();

            assertThat(rows).extracting(r -> r.getAs("amount")).as("the dead-lettered record is not appended")
                    .containsExactly(10.0, 20.0);
            assertThat(joined).extracting(r -> r.getAs("amount")).containsExactly(10.0, 20.0);
        }
        try (FeatureSetTestDriver online = FeatureSetTestDriver.forSpecs(List.of(ROWS))) {
            assertThatThrownBy(() -> online.offlineRows("driver-rows")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("withOffline");
        }
    }
}
