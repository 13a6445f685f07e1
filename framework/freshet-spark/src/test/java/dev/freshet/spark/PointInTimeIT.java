package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static dev.freshet.testsupport.FeatureSets.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.testsupport.FeatureSets;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Point-in-time retrieval from the offline store, on Delta tables written directly: exact answers on hand-made data,
 * no leakage from the future, maximum age, several feature sets with different keys at once, a randomized comparison
 * with a brute-force oracle, and a clear error for a table of another schema.
 */
class PointInTimeIT {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path root;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void rowLevelFeaturesAreTheNewestEventAtOrBeforeEachLabel() {
        FeatureSetSpec spec = aFeatureSet().name("pit-rows").build();
        OfflineTable table = new OfflineTable(root.toString());
        write(table, spec, List.of(
                event("u1", 10.0, false, T0, 0, 0),
                event("u1", 20.0, true, T0.plusSeconds(60), 0, 1),
                event("u1", 30.0, true, T0.plusSeconds(60), 0, 2),     // same time, later offset: wins
                event("u2", 5.0, false, T0.plusSeconds(30), 1, 0)));
        Dataset<Row> labels = labels(
                label("u1", T0.minusMillis(1)),       // before any event: nothing
                label("u1", T0),                      // exactly at an event: that event
                label("u1", T0.plusSeconds(59)),
                label("u1", T0.plusSeconds(60)),
                label("u2", T0.plusSeconds(3600)),
                label("nobody", T0.plusSeconds(60)));

        List<Row> rows = historical(spec, table).pointInTime(labels, "label_time",
                List.of(FeatureRequest.all("pit-rows")), Duration.ZERO).orderBy("label_id").collectAsList();

        assertThat(rows).extracting(r -> r.getAs("amount") + "/" + r.getAs("is_remote"))
                .containsExactly("null/null", "10.0/false", "10.0/false", "30.0/true", "5.0/false", "null/null");
    }

    @Test
    void withinOneMillisecondEventsAreOrderedByPartitionAndOffsetAsInTheOnlineStore() {
        FeatureSetSpec spec = aFeatureSet().name("pit-micros").build();
        OfflineTable table = new OfflineTable(root.toString());
        // The online store keeps event times in milliseconds, so these two tie there and partition 1 wins,
        // although its event is 500 µs older.
        write(table, spec, List.of(
                event("u1", 10.0, false, T0.plusNanos(700_000), 0, 5),
                event("u1", 20.0, true, T0.plusNanos(200_000), 1, 0)));

        List<Row> rows = historical(spec, table).pointInTime(labels(label("u1", T0.plusSeconds(1)),
                label("u1", T0.plusNanos(900_000))), "label_time", List.of(FeatureRequest.all("pit-micros")),
                Duration.ZERO).orderBy("label_id").collectAsList();

        assertThat(rows).extracting(r -> r.getAs("amount")).containsExactly(20.0, 20.0);
    }

    @Test
    void neverReturnsAValueFromTheFuture() {
        FeatureSetSpec rows = aFeatureSet().name("leak-rows").build();
        FeatureSetSpec windows = aggregated("leak-windows", Duration.ofMinutes(1));
        OfflineTable table = new OfflineTable(root.toString());
        Instant label = T0.plusSeconds(10);
        List<Object[]> events = List.of(event("u1", 1.0, false, label.minusSeconds(5), 0, 0),
                event("u1", 100.0, true, label.plusMillis(1), 0, 1));   // one millisecond after the label
        write(table, rows, events);
        write(table, windows, events);

        Row r = historical(List.of(rows, windows), table).pointInTime(labels(label("u1", label)), "label_time",
                List.of(FeatureRequest.all("leak-rows"), FeatureRequest.of("leak-windows", "sum_amount_1m",
                        "count_amount_1m", "had_remote_1m")), Duration.ZERO).first();

        assertThat((Double) r.getAs("amount")).isEqualTo(1.0);
        assertThat((Double) r.getAs("sum_amount_1m")).isEqualTo(1.0);
        assertThat((Long) r.getAs("count_amount_1m")).isEqualTo(1L);
        assertThat((Boolean) r.getAs("had_remote_1m")).isFalse();
    }

    @Test
    void aggregatesAreTheWindowsReadAtEachLabelTimeWithLateAndFutureEventsRejectedAsOnline() {
        FeatureSetSpec spec = aggregated("pit-windows", Duration.ofMinutes(1));
        OfflineTable table = new OfflineTable(root.toString());
        write(table, spec, List.of(
                event("u1", 1.0, false, T0, 0, 0),
                event("u1", 2.0, false, T0.plusSeconds(30), 0, 1),
                event("u1", 4.0, true, T0.minusSeconds(600), 0, 2),            // 10 min late: rejected
                eventAt("u1", 8.0, false, T0.plusSeconds(3600), T0.plusSeconds(31), 0, 3), // future: rejected
                event("u1", 16.0, false, T0.plusSeconds(50), 0, 4)));
        // The 1m window's far edge falls on 5 s tiles and the 1h window's on 5 min tiles (docs/aggregations.md), so
        // at T0+61s the 1m window still covers the event at T0, and at T0+1h the 1h window too.
        Dataset<Row> labels = labels(label("u1", T0.plusSeconds(31)), label("u1", T0.plusSeconds(61)),
                label("u1", T0.plusSeconds(3600)), label("u1", T0.plusSeconds(7200)));

        List<Row> rows = historical(spec, table).pointInTime(labels, "label_time",
                List.of(FeatureRequest.of("pit-windows", "sum_amount_1m", "count_amount_1m", "sum_amount_1h")),
                Duration.ZERO).orderBy("label_id").collectAsList();

        assertThat(rows).extracting(r -> r.getAs("sum_amount_1m") + "/" + r.getAs("count_amount_1m") + "/"
                + r.getAs("sum_amount_1h"))
                .containsExactly("3.0/2/3.0", "19.0/3/19.0", "null/0/19.0", "null/0/null");
    }

    @Test
    void mixesRowLevelAndAggregatedSetsKeepingEveryLabelOnce() {
        FeatureSetSpec rows = aFeatureSet().name("pit-mixed-rows").build();
        FeatureSetSpec windows = aggregated("pit-mixed-windows", Duration.ofMinutes(1));
        OfflineTable table = new OfflineTable(root.toString());
        write(table, rows, List.of(event("u1", 5.0, true, T0, 0, 0), event("u2", 7.0, false, T0, 0, 1)));
        write(table, windows, List.of(event("u1", 1.0, false, T0, 0, 0), event("u1", 2.0, false, T0, 0, 1)));
        Dataset<Row> labels = labels(label("u1", T0.plusSeconds(10)), label("u1", T0.plusSeconds(10)),
                label("u2", T0.plusSeconds(10)), label("u3", T0.plusSeconds(10)), label("u1", T0.minusSeconds(1)));

        List<Row> result = historical(List.of(rows, windows), table).pointInTime(labels, "label_time",
                List.of(FeatureRequest.of("pit-mixed-windows", "sum_amount_1m"),
                        FeatureRequest.of("pit-mixed-rows", "amount")), Duration.ZERO)
                .orderBy("label_id").collectAsList();

        assertThat(result).extracting(r -> r.getAs("label_id") + ":" + r.getAs("user_id") + "=" + r.getAs("amount")
                + "/" + r.getAs("sum_amount_1m"))
                .containsExactly("0:u1=5.0/3.0", "1:u1=5.0/3.0", "2:u2=7.0/null", "3:u3=null/null",
                        "4:u1=null/null");
        assertThat(result.get(0).schema().fieldNames()).containsExactly("label_id", "user_id", "label_time",
                "sum_amount_1m", "amount");
    }

    @Test
    void featuresOlderThanTheMaximumAgeAreNull() {
        FeatureSetSpec spec = aFeatureSet().name("pit-age").build();
        OfflineTable table = new OfflineTable(root.toString());
        write(table, spec, List.<Object[]>of(event("u1", 10.0, false, T0, 0, 0)));

        List<Row> rows = historical(spec, table).pointInTime(labels(label("u1", T0.plusSeconds(59)),
                label("u1", T0.plusSeconds(61))), "label_time", List.of(FeatureRequest.all("pit-age")),
                Duration.ofMinutes(1)).orderBy("label_id").collectAsList();

        assertThat(rows).extracting(r -> (Double) r.getAs("amount")).containsExactly(10.0, null);
    }

    @Test
    void joinsSeveralFeatureSetsWithDifferentKeysInOneCall() {
        FeatureSetSpec users = aFeatureSet().name("pit-users").build();
        FeatureSetSpec merchants = aFeatureSet().name("pit-merchants").key("merchant")
                .fields(field("merchant", ValueType.STRING), field("risk", ValueType.DOUBLE),
                        field("timestamp", ValueType.TIMESTAMP))
                .sql("SELECT merchant, risk, timestamp FROM transaction_stream", column("merchant", ValueType.STRING),
                        column("risk", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP))
                .build();
        OfflineTable table = new OfflineTable(root.toString());
        write(table, users, List.<Object[]>of(event("u1", 10.0, true, T0, 0, 0)));
        writeRows(table, merchants, List.of(RowFactory.create("m7", 0.25, Timestamp.from(T0), 0, 0L,
                Timestamp.from(T0), "w", 0L, Timestamp.from(T0), Date.valueOf("2026-05-01"))));
        StructType schema = new StructType().add("label_id", DataTypes.IntegerType).add("user_id", DataTypes.StringType)
                .add("merchant", DataTypes.StringType).add("label_time", DataTypes.TimestampType);
        Dataset<Row> labels = spark.createDataFrame(List.of(RowFactory.create(1, "u1", "m7",
                Timestamp.from(T0.plusSeconds(1)))), schema);

        Row r = historical(List.of(users, merchants), table).pointInTime(labels, "label_time",
                List.of(FeatureRequest.of("pit-users", "amount"), FeatureRequest.all("pit-merchants")),
                Duration.ZERO).first();

        assertThat((Double) r.getAs("amount")).isEqualTo(10.0);
        assertThat((Double) r.getAs("risk")).isEqualTo(0.25);
        assertThat(r.schema().fieldNames()).containsExactly("label_id", "user_id", "merchant", "label_time", "amount",
                "risk");
    }

    @Test
    void matchesABruteForceOracleOnRandomData() {
        FeatureSetSpec rows = aFeatureSet().name("rnd-rows").build();
        FeatureSetSpec windows = aggregated("rnd-windows", Duration.ofMinutes(2));
        OfflineTable table = new OfflineTable(root.toString());
        Random random = new Random(2026);
        List<Object[]> events = new ArrayList<>();
        Map<Integer, Long> offsets = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String user = "u" + random.nextInt(8);
            int partition = random.nextInt(2);
            long offset = offsets.merge(partition, 1L, Long::sum) - 1;
            Instant time = T0.plusMillis(i * 7_000L - random.nextInt(200_000));
            Double amount = random.nextInt(10) == 0 ? null : (double) random.nextInt(1000) / 10;
            events.add(event(user, amount, random.nextBoolean(), time, partition, offset));
        }
        write(table, rows, events);
        write(table, windows, events);
        List<Object[]> labelList = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            labelList.add(label("u" + random.nextInt(9), T0.plusMillis(random.nextInt(4_300_000) - 200_000)));
        }

        List<Row> result = historical(List.of(rows, windows), table).pointInTime(labels(labelList.toArray(
                Object[][]::new)), "label_time", List.of(FeatureRequest.of("rnd-rows", "amount"),
                FeatureRequest.of("rnd-windows", "sum_amount_1m", "count_amount_1h", "max_amount_1h")),
                Duration.ZERO).orderBy("label_id").collectAsList();

        List<Object[]> accepted = acceptedByPolicy(events, Duration.ofMinutes(2));
        for (Row r : result) {
            String user = r.getAs("user_id");
            long t = ((Timestamp) r.getAs("label_time")).getTime();
            Object[] newest = events.stream().filter(e -> e[0].equals(user) && millis(e) <= t)
                    .max(Comparator.<Object[]>comparingLong(PointInTimeIT::millis)
                            .thenComparingInt(e -> (Integer) e[4]).thenComparingLong(e -> (Long) e[5]))
                    .orElse(null);
            assertThat((Double) r.getAs("amount")).as("amount of " + user + " at " + t)
                    .isEqualTo(newest == null ? null : newest[1]);
            long readTime = Math.floorDiv(t, 1000) * 1000;
            // windows 1m (edge 5s), 1h (edge 5m) on a 1 s tile ladder
            List<Object[]> in1m = window(accepted, user, readTime, 60_000, 5_000);
            List<Object[]> in1h = window(accepted, user, readTime, 3_600_000, 300_000);
            boolean known = events.stream().anyMatch(e -> e[0].equals(user));
            Double sum1m = in1m.stream().map(e -> (Double) e[1]).filter(a -> a != null)
                    .map(java.math.BigDecimal::new).reduce(java.math.BigDecimal::add)
                    .map(java.math.BigDecimal::doubleValue).orElse(null);
            assertThat((Double) r.getAs("sum_amount_1m")).as("sum 1m of " + user + " at " + t).isEqualTo(sum1m);
            assertThat((Long) r.getAs("count_amount_1h")).as("count 1h of " + user + " at " + t)
                    .isEqualTo(known ? (long) in1h.size() : null);
            assertThat((Double) r.getAs("max_amount_1h")).as("max 1h of " + user + " at " + t)
                    .isEqualTo(in1h.stream().map(e -> (Double) e[1]).filter(a -> a != null)
                            .max(Double::compare).orElse(null));
        }
    }

    @Test
    void refusesATableWithAnotherSchema() {
        FeatureSetSpec before = aFeatureSet().name("schema-change").build();
        OfflineTable table = new OfflineTable(root.toString());
        write(table, before, List.<Object[]>of(event("u1", 1.0, false, T0, 0, 0)));
        FeatureSetSpec after = aFeatureSet().name("schema-change")
                .sql("SELECT user_id, amount * 100 AS cents, timestamp FROM transaction_stream",
                        column("user_id", ValueType.STRING), column("cents", ValueType.DOUBLE),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();

        assertThatThrownBy(() -> table.checkSchema(spark, after, "/chk/schema-change/offline"))
                .hasMessageStartingWith("feature set \"schema-change\": the offline table " + table.path("schema-change")
                        + " holds columns the feature set no longer writes as they were: column removed: amount"
                        + " DOUBLE; column removed: is_remote BOOLEAN. Freshet adds new columns to a table but never"
                        + " drops or retypes one.")
                .hasMessageContaining("delete the Delta table at " + table.path("schema-change") + " and the"
                        + " checkpoint directory /chk/schema-change/offline");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "date          | A date is no instant: convert it to the one you mean, such as labels.withColumn(\"label_time\","
                + " col(\"label_time\").cast(\"timestamp\")) for the start of the day in the session time zone (UTC),"
                + " which sees only events before that day",
        "string        | Convert it, such as labels.withColumn(\"label_time\", to_timestamp(col(\"label_time\"))) (text"
                + " without an offset is read in the session time zone, UTC)",
        "timestamp_ntz | It is a local date-time without a time zone: convert it, such as labels.withColumn(\"label_time\","
                + " col(\"label_time\").cast(\"timestamp\")) (read in the session time zone, UTC)",
        "bigint        | If it holds epoch milliseconds, convert it, such as labels.withColumn(\"label_time\","
                + " timestamp_millis(col(\"label_time\"))) (timestamp_seconds for epoch seconds)",
        "double        | If it holds epoch seconds, convert it, such as labels.withColumn(\"label_time\","
                + " timestamp_seconds(col(\"label_time\")))",
        "boolean       | Give the labels a timestamp column, and name it as the label time",
    })
    void aLabelTimeThatIsNoTimestampIsRefusedWithTheConversion(String type, String fix) {
        FeatureSetSpec spec = aFeatureSet().name("pit-time-type").build();
        Dataset<Row> labels = spark.sql("SELECT 'u1' AS user_id, CAST(NULL AS " + type + ") AS label_time");

        assertThatThrownBy(() -> historical(spec, new OfflineTable(root.toString())).pointInTime(labels,
                "label_time", List.of(FeatureRequest.all("pit-time-type")), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label column \"label_time\" is " + type + ", not a timestamp: features are retrieved as"
                        + " of an instant. " + fix);
    }

    @Test
    void aDateLabelConvertedAsTheMessageSaysSeesOnlyEventsBeforeThatDay() {
        FeatureSetSpec spec = aFeatureSet().name("pit-date").build();
        OfflineTable table = new OfflineTable(root.toString());
        write(table, spec, List.of(event("u1", 1.0, false, Instant.parse("2026-04-30T23:59:59Z"), 0, 0),
                event("u1", 2.0, false, Instant.parse("2026-05-01T00:00:01Z"), 0, 1)));
        Dataset<Row> labels = spark.sql("SELECT 'u1' AS user_id, DATE'2026-05-01' AS label_time")
                .withColumn("label_time", col("label_time").cast("timestamp"));

        Row r = historical(spec, table).pointInTime(labels, "label_time", List.of(FeatureRequest.all("pit-date")),
                Duration.ZERO).first();

        assertThat((Double) r.getAs("amount")).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} for a string key")
    @CsvSource(delimiter = '|', value = {"double | 42.0D", "bigint | 42L", "date | DATE'2026-05-01'"})
    void aLabelKeyOfAnotherTypeIsRefusedWithTheCast(String type, String value) {
        FeatureSetSpec spec = aFeatureSet().name("pit-key-type").build();
        Dataset<Row> labels = spark.sql("SELECT " + value + " AS user_id, TIMESTAMP'2026-05-01 12:00:00' AS"
                + " label_time");

        assertThatThrownBy(() -> historical(spec, new OfflineTable(root.toString())).pointInTime(labels,
                "label_time", List.of(FeatureRequest.all("pit-key-type")), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label column \"user_id\" is " + type + ", but feature set \"pit-key-type\" keys its"
                        + " entities by user_id of type string, and a key of another type matches no entity: convert"
                        + " it, such as labels.withColumn(\"user_id\", col(\"user_id\").cast(\"string\"))");
    }

    @Test
    void anIntLabelKeyFindsTheEntitiesOfABigintKey() {
        FeatureSetSpec rows = accounts("pit-int-rows").build();
        FeatureSetSpec windows = accounts("pit-int-windows").aggregate(List.of(
                new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(2),
                Duration.ofMinutes(1)).build();
        OfflineTable table = new OfflineTable(root.toString());
        List<Row> events = List.of(RowFactory.create(42L, 5.0, Timestamp.from(T0), 0, 0L, Timestamp.from(T0), "w",
                0L, Timestamp.from(T0), Date.valueOf("2026-05-01")));
        writeRows(table, rows, events);
        writeRows(table, windows, events);
        Dataset<Row> labels = spark.sql("SELECT 42 AS account, TIMESTAMP'2026-05-01 12:00:10' AS label_time");

        Row r = historical(List.of(rows, windows), table).pointInTime(labels, "label_time",
                List.of(FeatureRequest.all("pit-int-rows"), FeatureRequest.all("pit-int-windows")), Duration.ZERO)
                .first();

        assertThat((Double) r.getAs("amount")).isEqualTo(5.0);
        assertThat((Double) r.getAs("sum_amount_1m")).isEqualTo(5.0);
    }

    @Test
    void aLabelWithoutATimeGetsNullFeatures() {
        FeatureSetSpec rows = aFeatureSet().name("pit-null-rows").build();
        FeatureSetSpec windows = aggregated("pit-null-windows", Duration.ofMinutes(1));
        OfflineTable table = new OfflineTable(root.toString());
        List<Object[]> events = List.<Object[]>of(event("u1", 3.0, true, T0, 0, 0));
        write(table, rows, events);
        write(table, windows, events);

        List<Row> result = historical(List.of(rows, windows), table).pointInTime(
                labels(label("u1", null), label("u1", T0.plusSeconds(5))), "label_time",
                List.of(FeatureRequest.of("pit-null-rows", "amount"),
                        FeatureRequest.of("pit-null-windows", "count_amount_1m")), Duration.ZERO)
                .orderBy("label_id").collectAsList();

        assertThat(result).extracting(r -> r.getAs("amount") + "/" + r.getAs("count_amount_1m"))
                .containsExactly("null/null", "3.0/1");
    }

    private static FeatureSets.Builder accounts(String name) {
        return aFeatureSet().name(name).key("account")
                .fields(field("account", ValueType.LONG), field("amount", ValueType.DOUBLE),
                        field("timestamp", ValueType.TIMESTAMP))
                .sql("SELECT account, amount, timestamp FROM transaction_stream", column("account", ValueType.LONG),
                        column("amount", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP));
    }

    private FeatureSetSpec aggregated(String name, Duration lateness) {
        return aFeatureSet().name(name).aggregate(List.of(
                new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                new AggregationSpec(AggregateFunction.COUNT, "amount", ""),
                new AggregationSpec(AggregateFunction.MAX, "amount", ""),
                new AggregationSpec(AggregateFunction.BOOLEAN_OR, "is_remote", "had_remote")),
                lateness, Duration.ofMinutes(1), Duration.ofHours(1)).build();
    }

    /** The events the documented policy accepts: per key and partition in offset order, 5-minute skew. */
    private static List<Object[]> acceptedByPolicy(List<Object[]> events, Duration lateness) {
        Map<String, Long> watermarks = new HashMap<>();
        List<Object[]> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.<Object[]>comparingInt(e -> (Integer) e[4]).thenComparingLong(e -> (Long) e[5]));
        List<Object[]> accepted = new ArrayList<>();
        for (Object[] e : sorted) {
            long time = millis(e);
            if (time - ((Timestamp) e[6]).getTime() > Duration.ofMinutes(5).toMillis()) {
                continue;
            }
            String key = e[0] + "@" + e[4];
            Long wm = watermarks.get(key);
            if (wm != null && time < wm - lateness.toMillis()) {
                continue;
            }
            watermarks.put(key, wm == null ? time : Math.max(wm, time));
            accepted.add(e);
        }
        return accepted;
    }

    private static List<Object[]> window(List<Object[]> events, String user, long readTime, long length, long edge) {
        long start = Math.floorDiv(readTime - length, edge) * edge;
        return events.stream().filter(e -> e[0].equals(user) && millis(e) >= start && millis(e) < readTime).toList();
    }

    private static long millis(Object[] event) {
        return ((Timestamp) event[3]).getTime();
    }

    private HistoricalFeatures historical(FeatureSetSpec spec, OfflineTable table) {
        return historical(List.of(spec), table);
    }

    private HistoricalFeatures historical(List<FeatureSetSpec> specs, OfflineTable table) {
        return new HistoricalFeatures(spark, FeatureSetCatalog.of(specs), table);
    }

    /** A transaction event: user, amount, remote, time, partition, offset, Kafka time. */
    private static Object[] event(String user, Double amount, boolean remote, Instant time, int partition,
            long offset) {
        return eventAt(user, amount, remote, time, time, partition, offset);
    }

    private static Object[] eventAt(String user, Double amount, boolean remote, Instant time, Instant kafkaTime,
            int partition, long offset) {
        return new Object[] {user, amount, remote, Timestamp.from(time), partition, offset, Timestamp.from(kafkaTime)};
    }

    private void write(OfflineTable table, FeatureSetSpec spec, List<Object[]> events) {
        List<Row> rows = new ArrayList<>();
        for (Object[] e : events) {
            Timestamp time = (Timestamp) e[3];
            Date date = Date.valueOf(time.toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
            rows.add(RowFactory.create(e[0], e[1], e[2], time, e[4], e[5], e[6], "test", 0L, time, date));
        }
        writeRows(table, spec, rows);
    }

    private void writeRows(OfflineTable table, FeatureSetSpec spec, List<Row> rows) {
        spark.createDataFrame(rows, OfflineTable.schema(spec)).write().format("delta").mode("append")
                .partitionBy(OfflineTable.EVENT_DATE).save(table.path(spec.name()));
    }

    private static Object[] label(String user, Instant time) {
        return new Object[] {user, time == null ? null : Timestamp.from(time)};
    }

    private Dataset<Row> labels(Object[]... labels) {
        StructType schema = new StructType().add("label_id", DataTypes.IntegerType)
                .add("user_id", DataTypes.StringType).add("label_time", DataTypes.TimestampType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(i, labels[i][0], labels[i][1]));
        }
        return spark.createDataFrame(rows, schema);
    }
}
