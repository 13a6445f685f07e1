package dev.freshet.benchmarks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark's events, generated deterministically: transactions of {@code keys} users spread evenly over
 * {@code days} of event time, in time order with up to a minute of disorder, each with an amount and a remote flag.
 * The same events feed every contender, as Kafka JSON or as an in-memory Spark frame.
 *
 * @param count number of events
 * @param keys  number of distinct users
 * @param days  span of event time
 * @param seed  random seed
 */
record Events(int count, int keys, int days, long seed) {

    /** The first event time. */
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    /** Schema of the in-memory frame. */
    static final StructType SCHEMA = new StructType()
            .add("user_id", DataTypes.StringType)
            .add("amount", DataTypes.DoubleType)
            .add("is_remote", DataTypes.BooleanType)
            .add("timestamp", DataTypes.TimestampType);

    /** One event. */
    record Event(String user, double amount, boolean remote, Instant time) {
        String json() {
            return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote
                    + ",\"timestamp\":\"" + time + "\"}";
        }
    }

    /** The events, in generation (Kafka) order. */
    List<Event> generate() {
        Random random = new Random(seed);
        long span = Duration.ofDays(days).toMillis();
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = span * i / count - random.nextInt(60_000);
            double amount = Math.round(Math.exp(random.nextGaussian() + 3.5) * 100) / 100.0;
            events.add(new Event("user-" + random.nextInt(keys), amount, random.nextInt(10) == 0,
                    START.plusMillis(Math.max(0, at))));
        }
        return events;
    }

    /** The last event time plus one second: when every event is visible to a read. */
    Instant end() {
        return START.plus(Duration.ofDays(days)).plusSeconds(1);
    }

    /** The events as a cached in-memory frame. */
    Dataset<Row> frame(SparkSession spark) {
        List<Row> rows = new ArrayList<>(count);
        for (Event e : generate()) {
            rows.add(RowFactory.create(e.user(), e.amount(), e.remote(), Timestamp.from(e.time())));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA).repartition(2).cache();
        frame.count();
        return frame;
    }
}
