package dev.freshet.benchmarks;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The baselines Freshet is measured against, on in-memory frames of the same events. */
final class Baselines {

    static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofDays(1), Duration.ofDays(7));

    private Baselines() {}

    /**
     * The practical limit: a plain in-memory batch job that only builds 1-minute tiles (count, sum, any-remote per
     * key and minute) and rolls them up into the five windows ending at {@code end} — no Kafka, no parsing, no
     * Redis, no state store. Returns the elapsed seconds.
     */
    static double inMemoryTiles(Dataset<Row> events, Instant end) {
        long start = System.nanoTime();
        Dataset<Row> tiles = events
                .groupBy(col("user_id"), floor(col("timestamp").cast("long").divide(60)).as("minute"))
                .agg(count(lit(1)).as("n"), sum("amount").as("s"),
                        max(col("is_remote").cast("int")).as("r"));
        long endMinute = end.getEpochSecond() / 60;
        List<Column> rollups = new ArrayList<>();
        for (Duration w : WINDOWS) {
            Column in = col("minute").geq(endMinute - w.toMinutes());
            rollups.add(sum(when(in, col("s"))).divide(sum(when(in, col("n")))).as("avg_" + w));
            rollups.add(sum(when(in, col("s"))).as("sum_" + w));
            rollups.add(max(when(in, col("r"))).as("or_" + w));
        }
        tiles.groupBy("user_id").agg(rollups.get(0), rollups.subList(1, rollups.size()).toArray(Column[]::new))
                .write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Spark's naive sliding window for one window length: {@code window(timestamp, w, "1 minute")} with AVG, SUM and
     * BOOLEAN_OR, which copies each event into {@code w / 1 minute} windows. Returns the elapsed seconds.
     */
    static double naiveWindow(Dataset<Row> events, Duration w) {
        long start = System.nanoTime();
        events.groupBy(col("user_id"), window(col("timestamp"), w.toMinutes() + " minutes", "1 minute"))
                .agg(avg("amount"), sum("amount"), max(col("is_remote")))
                .write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The first {@code n} events of a frame, cached. */
    static Dataset<Row> first(SparkSession spark, Dataset<Row> events, int n) {
        Dataset<Row> head = events.limit(n).repartition(2).cache();
        head.count();
        return head;
    }
}
