package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.column;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.backfill.BackfillReport;
import dev.freshet.spark.consistency.ConsistencyReport;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.oracle.SourceRecord;
import dev.freshet.spark.oracle.WindowOracle;
import dev.freshet.testsupport.FailingOnlineStore;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.Counter;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backfill and stream together, on real Parquet files, a real Delta table, the embedded broker, Redis and Delta: the
 * events of a feature set split at a boundary between a Parquet source (another schema, converted by the backfill
 * SQL), a Delta source and Kafka, which also holds events from before the backfill's end. After backfill plus stream,
 * online reads and point-in-time retrieval equal a brute-force oracle over the union of the events each side takes
 * (ADR 0017): no gap and no double count at the boundary. A backfill interrupted in a slice and then in its tiles
 * resumes to the same result; one that completed is not run again.
 */
class BackfillIT {

    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant MID = START.plus(Duration.ofMinutes(90));
    /** On a 1 s tile, inside a 5 s, 1 min and 5 min one: those the stream adds to must start from the backfill's. */
    private static final Instant END = START.plus(Duration.ofHours(3)).plusSeconds(7);
    private static final Duration SLICE = Duration.ofMinutes(30);
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final WindowOracle ORACLE = new WindowOracle(LATENESS, Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofHours(1));
    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3");
    /** Spark substitutes {@code ${freshet.test.crash}} in the SQL text from the session's configuration. */
    private static final String CRASH = "freshet.test.crash";
    private static final String SQL = """
            SELECT CASE WHEN '${freshet.test.crash}' = 'on' AND ts >= TIMESTAMP'2026-04-01 01:00:00+00:00'
                        THEN raise_error('injected crash') ELSE card_holder END AS user_id,
                   amount_cents / 100.0D AS amount, remote AS is_remote, ts AS timestamp
            FROM old_cards
            UNION ALL
            SELECT user_id, amount, is_remote, timestamp FROM recent_cards""";

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("backfill");

    private final SparkSession spark = SharedSpark.session();
    /** Everything the feature set must have taken: batch rows in their ranges (partition -1), Kafka records. */
    private final List<SourceRecord> taken = new ArrayList<>();
    private long kafkaBeforeEnd;

    @AfterEach
    void clearCrash() {
        spark.conf().unset(CRASH);
    }

    @Test
    void backfillThenStreamEqualsTheOracleOverTheUnionWithNoGapAndNoDoubleCount() {
        FeatureSetSpec spec = spec();
        spark.conf().set(CRASH, "off");
        FreshetEngine engine = scenario.engine(b -> b.backfillSlices(SLICE), spec);

        assertThatThrownBy(() -> scenario.online(spec)).isInstanceOf(FreshetException.class)
                .hasMessageContaining("cannot start before the feature set's backfill")
                .hasMessageContaining("events before " + END);
        assertThat(engine.backfillPending(spec.name())).isTrue();

        BackfillReport report = engine.runBackfill(spec.name());
        long batchRows = taken.stream().filter(r -> r.partition() == -1).count();
        assertThat(report.alreadyComplete()).isFalse();
        assertThat(report.slices()).isEqualTo(7);
        assertThat(report.slicesRun()).isEqualTo(7);
        assertThat(report.read()).isEqualTo(batchRows);
        assertThat(report.appended()).isEqualTo(batchRows);
        assertThat(report.keys()).isEqualTo(USERS.size());
        assertThat(engine.backfillPending(spec.name())).isFalse();
        assertThat(gauge(spec, "freshet.backfill.progress")).isEqualTo(1.0);

        scenario.online(spec);
        assertThat(skipped(spec)).as("Kafka records before the end are left to the backfill")
                .isEqualTo(kafkaBeforeEnd).isPositive();
        assertOnlineMatchesOracle(spec);

        engine.runOffline(spec.name());
        assertOfflineHoldsEachEventOnce(spec);
        assertPointInTimeMatchesOracle(spec, engine);
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            ConsistencyReport check = engine.consistency(client).check(spec.name(), 10,
                    ORACLE.lastEventTime(taken).plusSeconds(90));
            assertThat(check.keysCompared()).isEqualTo(USERS.size());
            assertThat(check.matchRatio()).as("online and offline agree over backfilled and streamed events")
                    .isEqualTo(1.0);
        }

        // A restarted application does not run the completed backfill again, and its online job goes on.
        scenario.closeEngine();
        engine = scenario.engine(b -> b.backfillSlices(SLICE), spec);
        BackfillReport again = engine.runBackfill(spec.name());
        assertThat(again.alreadyComplete()).isTrue();
        assertThat(again.slicesRun()).isZero();
        scenario.online(spec);
        assertOnlineMatchesOracle(spec);
        assertOfflineHoldsEachEventOnce(spec);
    }

    @Test
    void aBackfillInterruptedInASliceAndThenInItsTilesResumesToTheSameResult() {
        FeatureSetSpec spec = spec();
        spark.conf().set(CRASH, "on");
        FreshetEngine engine = scenario.engine(b -> b.backfillSlices(SLICE), spec);
        assertThatThrownBy(() -> engine.runBackfill(spec.name()))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("the backfill failed in the slice of event times from "
                        + START.plus(Duration.ofHours(1)) + " to " + START.plus(Duration.ofMinutes(90)))
                .hasMessageContaining("batch source \"old_cards\" (PARQUET ")
                .hasMessageContaining("injected crash")
                .hasMessageContaining("running the backfill again resumes with this slice");
        scenario.closeEngine();

        // Run again: the remaining slices go through, then the tile writes fail after two keys.
        spark.conf().set(CRASH, "off");
        FailingOnlineStore failing = FailingOnlineStore.failOnceAfter(2, new RedisOnlineStore(
                RedisEndpoint.localhost(), new OnlineStoreLayout(scenario.redis().prefix())));
        FreshetEngine failingEngine = scenario.engine(b -> b.backfillSlices(SLICE).onlineStore(failing), spec);
        assertThatThrownBy(() -> failingEngine.runBackfill(spec.name())).isInstanceOf(FreshetException.class)
                .hasMessageContaining("the backfill failed writing its tiles")
                .hasMessageContaining("injected fault")
                .hasMessageContaining("running the backfill again writes them");
        assertThat(failing.fired()).isTrue();
        assertThat(failingEngine.backfillPending(spec.name())).isTrue();
        scenario.closeEngine();

        FreshetEngine resumed = scenario.engine(b -> b.backfillSlices(SLICE), spec);
        BackfillReport report = resumed.runBackfill(spec.name());
        assertThat(report.slicesRun()).as("every slice was committed before").isZero();
        assertThat(report.keys()).isEqualTo(USERS.size());

        scenario.online(spec);
        assertOnlineMatchesOracle(spec);
        resumed.runOffline(spec.name());
        assertOfflineHoldsEachEventOnce(spec);
    }

    private void assertOnlineMatchesOracle(FeatureSetSpec spec) {
        Instant last = ORACLE.lastEventTime(taken);
        try (RedisOnlineFeatureClient client = scenario.client(spec)) {
            for (Duration after : List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(45),
                    Duration.ofMinutes(10), Duration.ofMinutes(59))) {
                ORACLE.assertMatches(client, spec.name(), USERS, taken, last.plus(after));
            }
            assertThat(ORACLE.inWindow(taken, "u1", Duration.ofHours(1), last).stream()
                    .filter(r -> r.partition() == -1)).as("the 1h window reaches back into the backfill").isNotEmpty();
        }
    }

    private void assertOfflineHoldsEachEventOnce(FeatureSetSpec spec) {
        Dataset<Row> rows = new OfflineTable(scenario.directory("offline")).read(spark, spec);
        long decoded = taken.stream().filter(SourceRecord::decoded).count();
        assertThat(rows.count()).isEqualTo(decoded);
        assertThat(rows.select("user_id", "timestamp").distinct().count()).isEqualTo(decoded);
        assertThat(rows.where(col(OfflineTable.PARTITION).equalTo(-1)).count())
                .isEqualTo(taken.stream().filter(r -> r.partition() == -1).count());
    }

    private void assertPointInTimeMatchesOracle(FeatureSetSpec spec, FreshetEngine engine) {
        List<Instant> times = List.of(START.plusSeconds(600), MID.minusMillis(1), MID, MID.plusSeconds(50),
                END.minusMillis(1), END, END.plusSeconds(30), END.plus(Duration.ofMinutes(25)));
        List<Row> labels = new ArrayList<>();
        for (String user : USERS) {
            for (Instant t : times) {
                labels.add(RowFactory.create(user, Timestamp.from(t)));
            }
        }
        StructType schema = new StructType().add("user_id", DataTypes.StringType).add("label_time",
                DataTypes.TimestampType);
        List<Row> result = engine.historical().pointInTime(spark.createDataFrame(labels, schema), "label_time",
                List.of(FeatureRequest.of(spec.name(), "count_amount_1m", "sum_amount_1m", "count_amount_1h",
                        "sum_amount_1h")), Duration.ZERO).collectAsList();
        assertThat(result).hasSize(labels.size());
        for (Row r : result) {
            String user = r.getAs("user_id");
            Instant at = ((Timestamp) r.getAs("label_time")).toInstant();
            for (String window : List.of("1m", "1h")) {
                List<SourceRecord> in = ORACLE.inWindow(taken, user, window.equals("1m") ? Duration.ofMinutes(1)
                        : Duration.ofHours(1), at);
                String where = user + " " + window + " at " + at;
                assertThat((Long) r.getAs("count_amount_" + window)).as("count " + where).isEqualTo(in.size());
                List<Double> amounts = in.stream().map(SourceRecord::amount).filter(a -> a != null).toList();
                Double sum = r.getAs("sum_amount_" + window);
                if (amounts.isEmpty()) {
                    assertThat(sum).as("sum " + where).isNull();
                } else {
                    assertThat(sum).as("sum " + where).isCloseTo(amounts.stream().mapToDouble(Double::doubleValue)
                            .sum(), org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }

    /**
     * The feature set, with its batch sources written and its Kafka records sent: Parquet from the start, read until
     * {@link #MID}; Delta read from there until the end; each holding events of the other's range too, which are not
     * read, and Kafka holding events from twenty minutes before the end, of which only those at or after it count.
     */
    private FeatureSetSpec spec() {
        Random random = new Random(20261203);
        List<Row> parquet = new ArrayList<>();
        List<Row> delta = new ArrayList<>();
        List<SourceRecord> batch = new ArrayList<>();
        for (Instant t = START.plusMillis(250); t.isBefore(END.plusSeconds(60));
                t = t.plusSeconds(15 + random.nextInt(7))) {
            String user = USERS.get(random.nextInt(USERS.size()));
            long cents = random.nextInt(20) == 0 ? -1 : random.nextInt(100_000);
            Double amount = cents < 0 ? null : cents / 100.0;
            boolean remote = random.nextInt(4) == 0;
            boolean inParquet = t.isBefore(MID);
            Instant time = t;
            if (inParquet) {
                parquet.add(RowFactory.create(user, cents < 0 ? null : cents, remote, Timestamp.from(time)));
            } else {
                delta.add(RowFactory.create(user, amount, remote, Timestamp.from(time)));
            }
            boolean read = inParquet ? time.isBefore(MID) : !time.isBefore(MID) && time.isBefore(END);
            if (read) {
                batch.add(new SourceRecord(-1, 0, time, "", user, time, amount, remote, Optional.empty()));
            }
            // Events of the other source's range, which the backfill must not read.
            if (random.nextInt(10) == 0) {
                Instant other = inParquet ? MID.plusSeconds(random.nextInt(5000)) : START.plusSeconds(
                        random.nextInt(5000));
                if (inParquet) {
                    parquet.add(RowFactory.create(user, 1L, false, Timestamp.from(other)));
                } else {
                    delta.add(RowFactory.create(user, 0.01, false, Timestamp.from(other)));
                }
            }
        }
        // Exactly at the end: in the Delta table, but Kafka's (it is sent there too, below).
        delta.add(RowFactory.create("u1", 77.0, false, Timestamp.from(END)));
        // Just before the end, in the tiles the stream goes on filling.
        for (String user : List.of("u1", "u2")) {
            Instant time = END.minusSeconds(user.equals("u1") ? 3 : 2);
            delta.add(RowFactory.create(user, 11.0, true, Timestamp.from(time)));
            batch.add(new SourceRecord(-1, 0, time, "", user, time, 11.0, true, Optional.empty()));
        }
        batch.sort(Comparator.comparing(SourceRecord::time));
        for (int i = 0; i < batch.size(); i++) {
            taken.add(batch.get(i).at(i));
        }

        String parquetPath = scenario.directory("old-cards");
        spark.createDataFrame(parquet, new StructType()
                        .add("card_holder", DataTypes.StringType).add("amount_cents", DataTypes.LongType)
                        .add("remote", DataTypes.BooleanType).add("ts", DataTypes.TimestampType))
                .repartition(3).write().parquet(parquetPath);
        String deltaPath = scenario.directory("recent-cards");
        spark.createDataFrame(delta, new StructType()
                        .add("user_id", DataTypes.StringType).add("amount", DataTypes.DoubleType)
                        .add("is_remote", DataTypes.BooleanType).add("timestamp", DataTypes.TimestampType))
                .repartition(2).write().format("delta").save(deltaPath);
        BatchSourceSpec oldCards = new BatchSourceSpec("old_cards", BatchFormat.PARQUET, parquetPath, false, "ts",
                List.of(), Map.of(), "test.OldCards");
        BatchSourceSpec recentCards = new BatchSourceSpec("recent_cards", BatchFormat.DELTA, deltaPath, false,
                "timestamp", List.of(column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                column("is_remote", ValueType.BOOLEAN), column("timestamp", ValueType.TIMESTAMP)), Map.of(),
                "test.RecentCards");
        BackfillSpec backfill = new BackfillSpec(START, END, List.of(new BackfillSpec.Source(oldCards, START, MID),
                new BackfillSpec.Source(recentCards, MID, END)), SQL);

        scenario.createTopic(2);
        long[] next = new long[2];
        // Kafka from twenty minutes before the end: those before it duplicate what the batch sources hold.
        for (Instant t = END.minus(Duration.ofMinutes(20)).plusSeconds(3); t.isBefore(END.plus(Duration.ofMinutes(20)));
                t = t.plusSeconds(20)) {
            sendKafka(next, USERS.get(random.nextInt(USERS.size())), t, Math.round(random.nextDouble() * 1000) / 10.0,
                    random.nextBoolean());
        }
        sendKafka(next, "u1", END, 77.0, false);
        sendKafka(next, "u2", END.minusMillis(1), 5.0, false);
        sendKafka(next, "u2", END.plusSeconds(1), 13.0, false);
        sendKafka(next, "u3", END.plusSeconds(10), 3.0, false);
        sendKafka(next, "u3", END.plusSeconds(5), 4.0, true);     // out of order, within the lateness
        sendKafka(next, "u3", END.plus(Duration.ofMinutes(40)), 6.0, false);
        sendKafka(next, "u3", END.plusSeconds(1), 9.0, false);    // too late on its partition: dead-lettered
        return ORACLE.builder("backfill-" + scenario.id(), scenario.topic(), Duration.ofSeconds(5))
                .backfill(backfill).build();
    }

    private void sendKafka(long[] next, String user, Instant time, Double amount, boolean remote) {
        int partition = user.equals("u3") ? 1 : Math.abs(user.hashCode()) % 2;
        String json = "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote
                + ",\"timestamp\":\"" + time + "\"}";
        long offset = scenario.send(partition, user, json, time);
        assertThat(offset).isEqualTo(next[partition]);
        next[partition] = offset + 1;
        if (time.isBefore(END)) {
            kafkaBeforeEnd++;
        } else {
            taken.add(new SourceRecord(partition, offset, time, json, user, time, amount, remote, Optional.empty()));
        }
    }

    private double skipped(FeatureSetSpec spec) {
        Counter counter = scenario.meters().find("freshet.records.skipped").tag("feature.set", spec.name())
                .tag("job", "online").tag("reason", "before_backfill_end").counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(FeatureSetSpec spec, String name) {
        return scenario.meters().get(name).tag("feature.set", spec.name()).gauge().value();
    }
}
