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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same events filling both stores of an aggregated feature set two ways, in one run: a backfill reading them as
 * Parquet ({@link FreshetEngine#runBackfill}: slices into the Delta table, then tiles into Redis), and the stream
 * reading them from Kafka, which needs two jobs for the two stores: the online job (tiles into Redis) and the offline
 * job (rows into Delta). Every set has {@code bench-aggregates}' aggregations and windows, and a name of its own for
 * each run, so checkpoints, tables and keys do not collide. Every time is end to end, fixed costs included. After a
 * warm-up round of both, not counted (the first Spark jobs of a JVM pay for its JIT), each contender runs
 * {@value #ROUNDS} times, the order alternating from round to round; its best run counts, since load from elsewhere
 * only slows a run, and the median of the rounds' ratios shows the comparison with the load of each round shared. Afterwards every offline table must hold every event, and every set's feature vectors of a few
 * users must agree with the first backfilled set's.
 */
final class BackfillBench {

    /** Measured runs of each contender, after the warm-up round. */
    static final int ROUNDS = 4;
    /** Event time a backfill slice covers: the engine's default, four slices over the four days of events. */
    static final Duration SLICE = Duration.ofDays(1);
    /** Users whose feature vectors are compared between the sets. */
    static final int USERS_COMPARED = 20;

    private static final String SOURCE = "bench_events";
    private static final String SQL = "SELECT user_id, amount, is_remote, timestamp FROM " + SOURCE;
    /** Sums over the same events added in another order may differ in the last bits. */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    /**
     * One backfill run.
     *
     * @param seconds wall time of {@code runBackfill}: slices into Delta and tiles into Redis
     * @param report  what the backfill reported
     */
    record BackfillRun(double seconds, BackfillReport report) {
    }

    /**
     * One run of the stream's two jobs.
     *
     * @param onlineSeconds     wall time of the online job over the topic (tiles into Redis)
     * @param onlineSteadyState the online job's steady-state rate (its first micro-batch excluded), as the aggregation
     *                          throughput section measures it
     * @param offlineSeconds    wall time of the offline run over the topic (rows into Delta)
     * @param offline           what the offline run reported
     */
    record StreamRun(double onlineSeconds, double onlineSteadyState, double offlineSeconds, OfflineRun offline) {

        /** Both jobs' wall time: the stream needs both to fill both stores. */
        double seconds() {
            return onlineSeconds + offlineSeconds;
        }
    }

    /**
     * The outcome.
     *
     * @param events           events generated, in the Parquet files and on the topic
     * @param backfills        the measured backfill runs, in round order
     * @param streams          the measured stream runs, in round order
     * @param rowsPerTable     rows of each set's offline table, warm-up included (all {@code events} when
     *                         {@code identical})
     * @param usersCompared    users whose feature vectors were read from every set
     * @param featuresCompared feature values compared, per set, over those users
     * @param identical        whether every table holds every event and every set's values agree with the first's
     * @param loadBefore       the machine's one-minute load average before the first run
     * @param loadAfter        the same after the last run
     */
    record Result(int events, List<BackfillRun> backfills, List<StreamRun> streams, List<Long> rowsPerTable,
            int usersCompared, int featuresCompared, boolean identical, double loadBefore, double loadAfter) {

        /** The fastest backfill run. */
        BackfillRun backfill() {
            return backfills.stream().min(Comparator.comparingDouble(BackfillRun::seconds)).orElseThrow();
        }

        /** The fastest stream run, both jobs together. */
        StreamRun stream() {
            return streams.stream().min(Comparator.comparingDouble(StreamRun::seconds)).orElseThrow();
        }

        /** The best backfill run's rate into both stores. */
        double backfillRate() {
            return events / backfill().seconds();
        }

        /** The best stream run's rate into both stores: 1 / (1 / online + 1 / offline), its jobs' times added. */
        double streamRate() {
            return events / stream().seconds();
        }

        /** The best backfill rate divided by the best stream rate into both stores. */
        double ratio() {
            return backfillRate() / streamRate();
        }

        /**
         * The median over the rounds of the backfill's rate divided by the stream's in the same round: robust to load
         * that changes between rounds.
         */
        double medianRoundRatio() {
            double[] ratios = roundRatios();
            Arrays.sort(ratios);
            int middle = ratios.length / 2;
            return ratios.length % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
        }

        /** Rounds in which the backfill filled both stores faster than the stream. */
        long roundsBackfillFaster() {
            return Arrays.stream(roundRatios()).filter(r -> r > 1).count();
        }

        private double[] roundRatios() {
            return IntStream.range(0, backfills.size())
                    .mapToDouble(i -> streams.get(i).seconds() / backfills.get(i).seconds()).toArray();
        }
    }

    private BackfillBench() {}

    /** Every run's sets on {@code topic}, warm-up first; the backfilled ones read the Parquet under {@code parquet}. */
    static List<FeatureSetSpec> specs(String topic, Events events, String parquet) {
        List<FeatureSetSpec> specs = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            specs.add(backfilled(round, topic, events, parquet));
            specs.add(streamed(round, topic));
        }
        return specs;
    }

    /** Writes {@code events} under {@code parquet}, with the stream source's columns: the backfill's batch source. */
    static void writeSource(SparkSession spark, Events events, String parquet) {
        Dataset<Row> frame = events.frame(spark);
        frame.write().parquet(parquet);
        frame.unpersist();
    }

    /**
     * Runs every round of the backfill and of the stream's online and offline jobs through {@code engine} (built with
     * {@link #specs} of the same arguments and {@link #SLICE}, writing tables under {@code offlineRoot} and keys under
     * {@code prefix}), and compares what the sets stored.
     */
    static Result run(FreshetEngine engine, SparkSession spark, String offlineRoot, String prefix, String topic,
            Events events, String parquet) {
        int count = events.count();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<BackfillRun> backfills = new ArrayList<>();
        List<StreamRun> streams = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
            BackfillRun backfill = null;
            StreamRun stream = null;
            for (int i = 0; i < 2; i++) {
                if ((i + round) % 2 == 0) {
                    backfill = backfill(engine, backfilled(round, topic, events, parquet), count);
                } else {
                    stream = stream(engine, streamed(round, topic), count);
                }
            }
            if (round > 0) {
                backfills.add(backfill);
                streams.add(stream);
            }
        }

        List<FeatureSetSpec> sets = specs(topic, events, parquet);
        OfflineTable tables = new OfflineTable(offlineRoot);
        List<Long> rows = sets.stream().map(spec -> tables.read(spark, spec).count()).toList();
        int features = 0;
        boolean sameValues = true;
        String reference = sets.get(0).name();
        try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
                new OnlineStoreLayout(prefix), FeatureSetCatalog.of(sets))) {
            for (int k = 0; k < USERS_COMPARED; k++) {
                EntityKey user = EntityKey.of("user-" + k);
                Optional<FeatureVector> expected = client.getAsOf(reference, user, events.end());
                for (FeatureSetSpec spec : sets.subList(1, sets.size())) {
                    Optional<FeatureVector> actual = client.getAsOf(spec.name(), user, events.end());
                    if (expected.isEmpty() || actual.isEmpty()) {
                        System.out.printf("[bench] %s: no feature vector (%s %s, %s %s)%n", user, reference,
                                expected.isPresent(), spec.name(), actual.isPresent());
                        sameValues = false;
                        continue;
                    }
                    Map<String, FeatureValue> a = expected.get().features();
                    Map<String, FeatureValue> b = actual.get().features();
                    sameValues &= a.keySet().equals(b.keySet());
                    for (Map.Entry<String, FeatureValue> e : a.entrySet()) {
                        features++;
                        if (!agree(e.getValue(), b.get(e.getKey()))) {
                            System.out.printf("[bench] %s %s: %s %s, %s %s%n", user, e.getKey(), reference,
                                    e.getValue(), spec.name(), b.get(e.getKey()));
                            sameValues = false;
                        }
                    }
                }
            }
        }
        int featuresPerSet = features / (sets.size() - 1);
        boolean identical = rows.stream().allMatch(r -> r == count) && sameValues && featuresPerSet > 0;
        System.out.printf("[bench] backfill vs stream: offline rows %s, %,d feature values of %d users compared per"
                + " set: identical: %s%n", rows, featuresPerSet, USERS_COMPARED, identical ? "yes" : "no");
        return new Result(count, backfills, streams, rows, USERS_COMPARED, featuresPerSet, identical, loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static BackfillRun backfill(FreshetEngine engine, FeatureSetSpec spec, int count) {
        long t0 = System.nanoTime();
        BackfillReport report = engine.runBackfill(spec.name());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[bench] %s: %,d events in %.1f s = %,.0f events/s (%s)%n", spec.name(), count, seconds,
                count / seconds, report);
        return new BackfillRun(seconds, report);
    }

    private static StreamRun stream(FreshetEngine engine, FeatureSetSpec spec, int count) {
        long t0 = System.nanoTime();
        Benchmarks.Measured online = Benchmarks.run(engine, spec, count);
        double onlineSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        OfflineRun offline = engine.runOffline(spec.name()).orElseThrow();
        double offlineSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("[bench] %s: online %.1f s (steady state %,.0f events/s), offline %.1f s, both %,.0f"
                + " events/s (%s)%n", spec.name(), onlineSeconds, online.eventsPerSecond(), offlineSeconds,
                count / (onlineSeconds + offlineSeconds), offline);
        return new StreamRun(onlineSeconds, online.eventsPerSecond(), offlineSeconds, offline);
    }

    /**
     * Round {@code round}'s backfilled set: its range covers every event, since they are generated over
     * {@code [START, START + days)}, and its end, on a whole day, is a multiple of the 1 s tile.
     */
    private static FeatureSetSpec backfilled(int round, String topic, Events events, String parquet) {
        Instant end = Events.START.plus(Duration.ofDays(events.days()));
        BatchSourceSpec source = new BatchSourceSpec(SOURCE, BatchFormat.PARQUET, parquet, false, "timestamp",
                List.of(), Map.of(), BackfillBench.class.getName());
        return Benchmarks.aggregates("bench-backfill-" + round, topic)
                .backfill(new BackfillSpec(Events.START, end, List.of(new BackfillSpec.Source(source, Events.START,
                        end)), SQL))
                .build();
    }

    /** Round {@code round}'s streamed set, without a backfill: its jobs take every event from Kafka. */
    private static FeatureSetSpec streamed(int round, String topic) {
        return Benchmarks.aggregates("bench-stream-" + round, topic).build();
    }

    private static boolean agree(FeatureValue a, FeatureValue b) {
        if (b == null || a.type() != b.type()) {
            return false;
        }
        if (a.value() instanceof Double x && b.value() instanceof Double y) {
            return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
        }
        return Objects.equals(a.value(), b.value());
    }
}
