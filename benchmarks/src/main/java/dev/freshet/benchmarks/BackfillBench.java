package dev.freshet.benchmarks;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.backfill.BackfillReport;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same events filling both stores of an aggregated feature set two ways, in one run: a backfill reading them as
 * Parquet ({@link FreshetEngine#runBackfill}: slices into the Delta table, then tiles into Redis), and the stream
 * reading them from Kafka, which needs two jobs for the two stores: the online job (tiles into Redis) and the offline
 * job (rows into Delta). Both sets have {@code bench-aggregates}' aggregations and windows; each is a feature set of
 * its own, so checkpoints, tables and keys do not collide. Every time is end to end, fixed costs included. Afterwards
 * both offline tables must hold every event and the two sets' feature vectors of a few users must agree.
 */
final class BackfillBench {

    /** The backfilled set's name. */
    static final String BACKFILLED = "bench-backfill";
    /** The streamed set's name. */
    static final String STREAMED = "bench-stream";
    /** Event time a backfill slice covers: the engine's default, four slices over the four days of events. */
    static final Duration SLICE = Duration.ofDays(1);
    /** Users whose feature vectors are compared between the two sets. */
    static final int USERS_COMPARED = 20;

    private static final String SOURCE = "bench_events";
    private static final String SQL = "SELECT user_id, amount, is_remote, timestamp FROM " + SOURCE;
    /** Sums over the same events added in another order may differ in the last bits. */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    /**
     * The outcome.
     *
     * @param events            events generated, in the Parquet files and on the topic
     * @param backfillSeconds   wall time of {@code runBackfill}: slices into Delta and tiles into Redis
     * @param backfill          what the backfill reported
     * @param onlineSeconds     wall time of the stream's online job over the topic (tiles into Redis)
     * @param onlineSteadyState the online job's steady-state rate (its first micro-batch excluded), as the aggregation
     *                          throughput section measures it
     * @param offlineSeconds    wall time of the stream's offline run over the topic (rows into Delta)
     * @param offline           what the offline run reported
     * @param backfilledRows    rows of the backfilled set's offline table
     * @param streamedRows      rows of the streamed set's offline table
     * @param usersCompared     users whose feature vectors were read from both sets
     * @param featuresCompared  feature values compared over those users
     * @param identical         whether both tables hold every event and every compared value agrees
     * @param loadBefore        the machine's one-minute load average before the first run
     * @param loadAfter         the same after the last run
     */
    record Result(int events, double backfillSeconds, BackfillReport backfill, double onlineSeconds,
            double onlineSteadyState, double offlineSeconds, OfflineRun offline, long backfilledRows,
            long streamedRows, int usersCompared, int featuresCompared, boolean identical, double loadBefore,
            double loadAfter) {

        /** The backfill's rate into both stores. */
        double backfillRate() {
            return events / backfillSeconds;
        }

        /** The online job's rate, end to end. */
        double onlineRate() {
            return events / onlineSeconds;
        }

        /** The offline job's rate, end to end. */
        double offlineRate() {
            return events / offlineSeconds;
        }

        /** The stream's rate into both stores: it needs both jobs, so 1 / (1 / online + 1 / offline). */
        double streamRate() {
            return 1 / (1 / onlineRate() + 1 / offlineRate());
        }

        /** The backfill's rate divided by the stream's into both stores. */
        double ratio() {
            return backfillRate() / streamRate();
        }
    }

    private BackfillBench() {}

    /** The two sets on {@code topic}, the backfilled one reading {@code events} as Parquet under {@code parquet}. */
    static List<FeatureSetSpec> specs(String topic, Events events, String parquet) {
        return List.of(backfilled(topic, events, parquet), Benchmarks.aggregates(STREAMED, topic).build());
    }

    /** Writes {@code events} under {@code parquet}, with the stream source's columns: the backfill's batch source. */
    static void writeSource(SparkSession spark, Events events, String parquet) {
        Dataset<Row> frame = events.frame(spark);
        frame.write().parquet(parquet);
        frame.unpersist();
    }

    /**
     * Runs the backfill, then the stream's online and offline jobs, through {@code engine} (built with {@link #specs}
     * of the same arguments and {@link #SLICE}, writing tables under {@code offlineRoot} and keys under
     * {@code prefix}), and compares what the two sets stored.
     */
    static Result run(FreshetEngine engine, SparkSession spark, String offlineRoot, String prefix, String topic,
            Events events, String parquet) {
        int count = events.count();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        BackfillReport backfill = engine.runBackfill(BACKFILLED);
        double backfillSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[bench] backfill: %,d events in %.1f s = %,.0f events/s (%s)%n", count, backfillSeconds,
                count / backfillSeconds, backfill);

        FeatureSetSpec streamed = Benchmarks.aggregates(STREAMED, topic).build();
        long t1 = System.nanoTime();
        Benchmarks.Measured online = Benchmarks.run(engine, streamed, count);
        double onlineSeconds = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        OfflineRun offline = engine.runOffline(STREAMED).orElseThrow();
        double offlineSeconds = (System.nanoTime() - t2) / 1e9;
        System.out.printf("[bench] stream: online %.1f s (steady state %,.0f events/s), offline %.1f s (%s)%n",
                onlineSeconds, online.eventsPerSecond(), offlineSeconds, offline);

        OfflineTable tables = new OfflineTable(offlineRoot);
        FeatureSetSpec backfilled = backfilled(topic, events, parquet);
        long backfilledRows = tables.read(spark, backfilled).count();
        long streamedRows = tables.read(spark, streamed).count();
        int features = 0;
        boolean sameValues = true;
        try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
                new OnlineStoreLayout(prefix), FeatureSetCatalog.of(List.of(backfilled, streamed)))) {
            for (int k = 0; k < USERS_COMPARED; k++) {
                EntityKey user = EntityKey.of("user-" + k);
                Optional<FeatureVector> fromBackfill = client.getAsOf(BACKFILLED, user, events.end());
                Optional<FeatureVector> fromStream = client.getAsOf(STREAMED, user, events.end());
                if (fromBackfill.isEmpty() || fromStream.isEmpty()) {
                    System.out.printf("[bench] %s: no feature vector (backfill %s, stream %s)%n", user,
                            fromBackfill.isPresent(), fromStream.isPresent());
                    sameValues = false;
                    continue;
                }
                Map<String, FeatureValue> a = fromBackfill.get().features();
                Map<String, FeatureValue> b = fromStream.get().features();
                sameValues &= a.keySet().equals(b.keySet());
                for (Map.Entry<String, FeatureValue> e : a.entrySet()) {
                    features++;
                    if (!agree(e.getValue(), b.get(e.getKey()))) {
                        System.out.printf("[bench] %s %s: backfill %s, stream %s%n", user, e.getKey(), e.getValue(),
                                b.get(e.getKey()));
                        sameValues = false;
                    }
                }
            }
        }
        boolean identical = backfilledRows == count && streamedRows == count && sameValues && features > 0;
        System.out.printf("[bench] backfill vs stream: offline rows %,d and %,d, %,d feature values of %d users"
                + " compared: identical: %s%n", backfilledRows, streamedRows, features, USERS_COMPARED,
                identical ? "yes" : "no");
        return new Result(count, backfillSeconds, backfill, onlineSeconds, online.eventsPerSecond(), offlineSeconds,
                offline, backfilledRows, streamedRows, USERS_COMPARED, features, identical, loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The backfilled set: its range covers every event, since they are generated over {@code [START, START + days)},
     * and its end, on a whole day, is a multiple of the 1 s tile.
     */
    private static FeatureSetSpec backfilled(String topic, Events events, String parquet) {
        Instant end = Events.START.plus(Duration.ofDays(events.days()));
        BatchSourceSpec source = new BatchSourceSpec(SOURCE, BatchFormat.PARQUET, parquet,
                false, "timestamp", List.of(), Map.of(), BackfillBench.class.getName());
        return Benchmarks.aggregates(BACKFILLED, topic)
                .backfill(new BackfillSpec(Events.START, end, List.of(new BackfillSpec.Source(source, Events.START,
                        end)), SQL))
                .build();
    }

    private static boolean agree(FeatureValue a, FeatureValue b) {
        if (b == null || a.type() != b.type()) {
            return false;
        }
        if (a.value() instanceof Double x && b.value() instanceof Double y) {
            return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
        }
        return java.util.Objects.equals(a.value(), b.value());
    }
}
