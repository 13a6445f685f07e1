package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.consistency.ConsistencyReport;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The offline job and the consistency check, with a real broker, Redis and Delta tables: idempotent appends from the
 * offline job's own offsets, online and offline features that agree for every sampled key and feature, and a check
 * that compares the stores over the records both read, whichever of them read further.
 */
class OfflineStoreIT {

    private static final Instant BASE = Instant.parse("2026-06-01T08:00:00Z");

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("offline");

    private final SparkSession spark = SharedSpark.session();

    @Test
    void appendsEachEventOnceFromItsOwnOffsets() {
        FeatureSetSpec spec = aFeatureSet().name("off-rows-" + scenario.id()).topic(scenario.topic()).build();
        scenario.createTopic(2);
        produce(new Random(1), 200, 0);
        scenario.send(0, "k", "{\"user_id\":", BASE);
        FreshetEngine engine = scenario.engine(spec);

        OfflineRun first = engine.runOffline(spec.name()).orElseThrow();
        assertThat(first.written()).isEqualTo(200);
        assertThat(first.deadLetters()).isEqualTo(Map.of("MALFORMED_RECORD", 1L));
        assertThat(first.records()).isEqualTo(201);
        assertThat(rows(engine, spec)).isEqualTo(200);

        OfflineRun idle = engine.runOffline(spec.name()).orElseThrow();
        assertThat(idle.written()).isZero();
        produce(new Random(2), 50, 10_000);
        OfflineRun second = engine.runOffline(spec.name()).orElseThrow();
        assertThat(second.written()).isEqualTo(50);
        assertThat(rows(engine, spec)).isEqualTo(250);

        // A batch replayed after a crash (same writer, same batch id) appends nothing.
        Dataset<Row> table = engine.offlineTable().read(spark, spec);
        Row last = table.orderBy(table.col(OfflineTable.BATCH).desc()).first();
        String writer = last.getAs(OfflineTable.WRITER);
        long batch = last.getAs(OfflineTable.BATCH);
        Dataset<Row> replay = spark.sql("SELECT 'FEATURES' AS __kind, 0 AS __partition, 1L AS __offset,"
                + " TIMESTAMP'2026-06-01 08:00:00' AS __kafka_timestamp, 'u9' AS user_id, 1.0D AS amount,"
                + " false AS is_remote, TIMESTAMP'2026-06-01 08:00:00' AS timestamp");
        engine.offlineTable().append(replay, spec, writer, batch, 1);
        assertThat(rows(engine, spec)).isEqualTo(250);
        engine.offlineTable().append(replay, spec, writer, batch + 1, 1);
        assertThat(rows(engine, spec)).isEqualTo(251);
    }

    @Test
    void aTableDirectoryARunLeftWithoutACommitIsCreatedByTheNextRun() throws java.io.IOException {
        FeatureSetSpec spec = aFeatureSet().name("off-empty-" + scenario.id()).topic(scenario.topic()).build();
        scenario.createTopic(2);
        produce(new Random(8), 20, 0);
        FreshetEngine engine = scenario.engine(spec);
        // What a run stopped during the table's first commit leaves behind.
        java.nio.file.Files.createDirectories(Path.of(engine.offlineTable().path(spec.name()), "_delta_log"));

        OfflineRun run = engine.runOffline(spec.name()).orElseThrow();

        assertThat(run.written()).isEqualTo(20);
        assertThat(rows(engine, spec)).isEqualTo(20);
    }

    @Test
    void onlineAndOfflineServeTheSameFeatures() {
        FeatureSetSpec rows = aFeatureSet().name("cons-rows-" + scenario.id()).topic(scenario.topic()).build();
        FeatureSetSpec windows = aFeatureSet().name("cons-win-" + scenario.id()).topic(scenario.topic())
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                        new AggregationSpec(AggregateFunction.COUNT, "amount", ""),
                        new AggregationSpec(AggregateFunction.AVG, "amount", ""),
                        new AggregationSpec(AggregateFunction.SAMPLE_STDEV, "amount", ""),
                        new AggregationSpec(AggregateFunction.BOOLEAN_AND, "is_remote", "always_remote")),
                        Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1))
                .build();
        scenario.createTopic(2);
        produce(new Random(3), 400, 0);
        FreshetEngine engine = scenario.engine(rows, windows);
        for (FeatureSetSpec spec : List.of(rows, windows)) {
            engine.startOnline(spec.name(), OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW)
                    .withMaxOffsetsPerTrigger(120)).awaitTermination();
            engine.runOffline(spec.name()).orElseThrow();
        }

        try (RedisOnlineFeatureClient client = scenario.client(rows, windows)) {
            Instant end = BASE.plusSeconds(400 * 9);
            ConsistencyReport latest = engine.consistency(client).check(rows.name(), 50, end.plusSeconds(3600));
            assertThat(latest.examples()).isEmpty();
            assertThat(latest.matchRatio()).isEqualTo(1.0);
            assertThat(latest.compared()).isEqualTo(latest.keys() * 2L).isGreaterThan(10);
            for (Duration after : List.of(Duration.ZERO, Duration.ofSeconds(20), Duration.ofMinutes(7))) {
                ConsistencyReport report = engine.consistency(client).check(windows.name(), 50, end.plus(after));
                assertThat(report.examples()).as("at end + " + after).isEmpty();
                assertThat(report.matchRatio()).isEqualTo(1.0);
                assertThat(report.compared()).isEqualTo(report.keys() * 15L).isGreaterThan(50);
            }
        }
    }

    @Test
    void comparesTheStoresOverTheRecordsBothHaveRead() {
        FeatureSetSpec rows = aFeatureSet().name("both-rows-" + scenario.id()).topic(scenario.topic()).build();
        FeatureSetSpec windows = aFeatureSet().name("both-win-" + scenario.id()).topic(scenario.topic())
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                        new AggregationSpec(AggregateFunction.COUNT, "amount", "")),
                        Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1))
                .build();
        scenario.createTopic(2);
        produce(new Random(5), 200, 0);
        FreshetEngine engine = scenario.engine(rows, windows);
        for (FeatureSetSpec spec : List.of(rows, windows)) {
            scenario.online(spec);
            engine.runOffline(spec.name()).orElseThrow();
        }
        // The online store reads on; the offline store does not, yet.
        produce(new Random(6), 8, 200 * 9);
        scenario.online(rows);
        scenario.online(windows);
        Instant later = BASE.plusSeconds(208 * 9 + 3600);

        try (RedisOnlineFeatureClient client = scenario.client(rows, windows)) {
            ConsistencyReport rowsAhead = engine.consistency(client).check(rows.name(), 50, later);
            assertThat(rowsAhead.examples()).isEmpty();
            assertThat(rowsAhead.matchRatio()).isEqualTo(1.0);
            assertThat(rowsAhead.skipped()).as("keys whose newest values the offline store has not read")
                    .containsKey(ConsistencyReport.Skip.CHANGED_SINCE_OFFLINE_RUN);
            assertThat(rowsAhead.keysCompared()).isPositive();

            ConsistencyReport windowsAhead = engine.consistency(client).check(windows.name(), 50,
                    BASE.plusSeconds(208 * 9));
            assertThat(windowsAhead.examples()).isEmpty();
            assertThat(windowsAhead.matchRatio()).isEqualTo(1.0);
            assertThat(windowsAhead.comparedEarlier()).as("keys compared before their newer records").isPositive();
            assertThat(windowsAhead.compared()).isGreaterThan(20);

            // Now the offline store reads further than the online store: only what both read is compared, all keys.
            produce(new Random(7), 40, 208 * 9);
            for (FeatureSetSpec spec : List.of(rows, windows)) {
                engine.runOffline(spec.name()).orElseThrow();
                ConsistencyReport offlineAhead = engine.consistency(client).check(spec.name(), 50, later);
                assertThat(offlineAhead.examples()).as(spec.name()).isEmpty();
                assertThat(offlineAhead.matchRatio()).isEqualTo(1.0);
                assertThat(offlineAhead.skipped()).isEmpty();
                assertThat(offlineAhead.keysCompared()).isEqualTo(offlineAhead.keys()).isGreaterThan(5);
            }

            // An instant whose fine tiles the online job pruned is skipped, not reported as a difference.
            ConsistencyReport pruned = engine.consistency(client).check(windows.name(), 50, BASE.plusSeconds(600));
            assertThat(pruned.skipped()).containsKey(ConsistencyReport.Skip.NOT_ANSWERABLE_ONLINE);
            assertThat(pruned.examples()).isEmpty();
            assertThat(pruned.matchRatio()).isEqualTo(1.0);

            // Each check is in the metrics: how many ran, what was skipped, the last match ratio.
            SimpleMeterRegistry meters = scenario.meters();
            assertThat(meters.get("freshet.consistency.checks").tag("feature.set", windows.name()).counter().count())
                    .isGreaterThanOrEqualTo(3);
            assertThat(meters.get("freshet.consistency.keys.skipped").tags("feature.set", windows.name(), "reason",
                    "not_answerable_online").counter().count()).isPositive();
            assertThat(meters.get("freshet.consistency.mismatches").tags("feature.set", windows.name(), "kind",
                    "different").counter().count()).isZero();
            assertThat(meters.get("freshet.consistency.match.ratio").tag("feature.set", windows.name()).gauge()
                    .value()).isEqualTo(1.0);
        }
    }

    private long rows(FreshetEngine engine, FeatureSetSpec spec) {
        return engine.offlineTable().read(spark, spec).count();
    }

    /** Events every 9 s of event time, some shuffled within or beyond the lateness, a few null amounts. */
    private void produce(Random random, int count, int fromSecond) {
        for (int i = 0; i < count; i++) {
            String user = "u" + random.nextInt(12);
            Instant time = BASE.plusSeconds(fromSecond + i * 9L).minusMillis(random.nextInt(15) == 0
                    ? 240_000 : random.nextInt(30_000));
            String amount = random.nextInt(12) == 0 ? "null" : Double.toString(random.nextInt(10_000) / 100.0);
            scenario.send(random.nextInt(2), user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                    + ",\"is_remote\":" + random.nextBoolean() + ",\"timestamp\":\"" + time + "\"}",
                    BASE.plusSeconds(fromSecond + i * 9L));
        }
    }
}
