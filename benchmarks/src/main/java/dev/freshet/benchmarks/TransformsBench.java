package dev.freshet.benchmarks;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.metrics.BatchOutcome;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One risk feature computed three ways on the same topic, each on Freshet's row-level online path (Kafka → JSON decode
 * → transform → Redis): plain SQL, the same SQL calling a Java SQL function, and a typed record transform on the
 * source records. After a warm-up round of all three, not counted (the first runs of a JVM pay for its JIT), each
 * contender runs {@value #ROUNDS} times, in an order that rotates from round to round, each time as a feature set of
 * its own with a fresh checkpoint; its best steady-state rate counts, since load from elsewhere only slows a run.
 * Every run must produce the same rows and leave the same hash for every user in Redis.
 */
final class TransformsBench {

    /** Measured runs of each contender, after the warm-up round. */
    static final int ROUNDS = 5;

    private static final String PLAIN_SQL = "SELECT user_id, amount * IF(is_remote, 2, 1) AS risk, timestamp"
            + " FROM transaction_stream WHERE amount > 0";
    private static final String FUNCTION_SQL = "SELECT user_id, risk(amount, is_remote) AS risk, timestamp"
            + " FROM transaction_stream WHERE amount > 0";
    private static final ColumnSpec[] OUTPUT = {column("user_id", ValueType.STRING), column("risk", ValueType.DOUBLE),
            column("timestamp", ValueType.TIMESTAMP)};

    /** The three ways of computing the feature. */
    enum Contender {
        /** Spark SQL only. */
        SQL("sql", "plain SQL: `" + PLAIN_SQL + "`"),
        /** The SQL, with the arithmetic in a Java SQL function. */
        SQL_FUNCTION("sql-function", "Java SQL function called from the SQL: `" + FUNCTION_SQL + "`"),
        /** A typed record transform instead of SQL. */
        RECORD_TRANSFORM("record-transform", "typed record transform on the source records:"
                + " `Optional<Scored> score(Transaction)`");

        final String id;
        final String description;

        Contender(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** The contender's feature set for round {@code round}: a name, and so a checkpoint and keys, of its own. */
        FeatureSetSpec spec(String topic, int round) {
            var set = aFeatureSet().name("bench-" + id + "-" + round).topic(topic);
            return switch (this) {
                case SQL -> set.sql(PLAIN_SQL, OUTPUT).build();
                case SQL_FUNCTION -> set.sql(FUNCTION_SQL, OUTPUT).functions(RiskScore.RISK_FUNCTION).build();
                case RECORD_TRANSFORM -> set.recordTransform(RiskScore.SCORE_TRANSFORM, OUTPUT).build();
            };
        }
    }

    /**
     * The outcome.
     *
     * @param eventsPerSecond each contender's steady-state rate in each measured round, in round order
     * @param rows            rows each run produced (the same for all when {@code identical})
     * @param applied         of those, the rows applied to Redis: each user's newest of each micro-batch
     * @param keysCompared    users whose hash was compared across every run
     * @param identical       whether every run produced as many rows, with no dead letters, and left the same hashes
     * @param loadBefore      the machine's one-minute load average before the first run
     * @param loadAfter       the same after the last run
     */
    record Result(Map<Contender, List<Double>> eventsPerSecond, long rows, long applied, int keysCompared,
            boolean identical, double loadBefore, double loadAfter) {

        /** {@code contender}'s best rate: load from elsewhere only slows a run. */
        double best(Contender contender) {
            return eventsPerSecond.get(contender).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** {@code contender}'s slowest rate, to show the spread between runs. */
        double worst(Contender contender) {
            return eventsPerSecond.get(contender).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** {@code contender}'s best rate divided by plain SQL's. */
        double ratioToSql(Contender contender) {
            return best(contender) / best(Contender.SQL);
        }

        /**
         * The median over the rounds of {@code contender}'s rate divided by plain SQL's in the same round: robust to
         * load that changes between rounds and to the JVM still warming up from one round to the next.
         */
        double medianRoundRatioToSql(Contender contender) {
            List<Double> own = eventsPerSecond.get(contender);
            List<Double> sql = eventsPerSecond.get(Contender.SQL);
            double[] ratios = new double[own.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = own.get(i) / sql.get(i);
            }
            Arrays.sort(ratios);
            int middle = ratios.length / 2;
            return ratios.length % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
        }

        /** Rounds in which {@code contender} was slower than plain SQL. */
        long roundsSlowerThanSql(Contender contender) {
            List<Double> own = eventsPerSecond.get(contender);
            List<Double> sql = eventsPerSecond.get(Contender.SQL);
            return IntStream.range(0, own.size()).filter(i -> own.get(i) < sql.get(i)).count();
        }

        /**
         * Microseconds per event {@code contender} spends beyond plain SQL at plain SQL's best rate, by the median
         * ratio of the rounds (negative if it was faster).
         */
        double extraMicrosPerEvent(Contender contender) {
            return 1e6 / best(Contender.SQL) * (1 / medianRoundRatioToSql(contender) - 1);
        }
    }

    private TransformsBench() {}

    /** Every run's feature set on {@code topic}, warm-up first, for the engine's catalog. */
    static List<FeatureSetSpec> specs(String topic) {
        List<FeatureSetSpec> specs = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            for (Contender c : order(round)) {
                specs.add(c.spec(topic, round));
            }
        }
        return specs;
    }

    /** The contenders in round {@code round}'s order: each goes first in turn, so none always runs on a warmer JVM. */
    private static List<Contender> order(int round) {
        Contender[] all = Contender.values();
        List<Contender> order = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            order.add(all[(i + round) % all.length]);
        }
        return order;
    }

    /**
     * Runs every contender over the {@code count} events of {@code topic}, through {@code engine} (built with
     * {@link #specs} and writing under {@code prefix}), and compares what the runs left in Redis.
     */
    static Result run(FreshetEngine engine, String topic, String prefix, Events events, int count) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<Contender, List<Double>> rates = new EnumMap<>(Contender.class);
        List<BatchOutcome> totals = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
            for (Contender c : order(round)) {
                Benchmarks.Measured run = Benchmarks.run(engine, c.spec(topic, round), count);
                if (round > 0) {
                    rates.computeIfAbsent(c, x -> new ArrayList<>()).add(run.eventsPerSecond());
                }
                totals.add(run.totals());
            }
        }
        BatchOutcome first = totals.get(0);
        boolean sameTotals = first.written() > 0 && first.deadLetters().isEmpty()
                && totals.stream().allMatch(first::equals);
        int compared = 0;
        boolean sameHashes = true;
        OnlineStoreLayout layout = new OnlineStoreLayout(prefix);
        List<FeatureSetSpec> runs = specs(topic);
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (int k = 0; k < events.keys(); k++) {
                List<String> key = List.of("user-" + k);
                Map<String, String> reference = connection.sync().hgetall(layout.key(runs.get(0).name(), key));
                for (FeatureSetSpec spec : runs) {
                    sameHashes &= Objects.equals(reference, connection.sync().hgetall(layout.key(spec.name(), key)));
                }
                compared += reference.isEmpty() ? 0 : 1;
            }
        } finally {
            client.shutdown();
        }
        boolean identical = sameTotals && sameHashes && compared > 0;
        System.out.printf("[bench] Java transforms: %s; %,d rows per run, %,d users' hashes compared: %s%n",
                rates, first.written() + first.stale(), compared, identical ? "identical" : "DIFFERENT " + totals);
        return new Result(rates, first.written() + first.stale(), first.written(), compared, identical,
                loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
