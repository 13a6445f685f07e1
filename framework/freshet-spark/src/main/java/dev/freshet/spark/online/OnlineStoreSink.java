package dev.freshet.spark.online;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The online job's {@code foreachBatch}: one Spark job per micro-batch writes every partition (with
 * {@link OnlineWriteFunction} for row-level feature sets, with the tile writer for aggregated ones), then the driver
 * sums the partitions' counts into metrics and a log line.
 *
 * <p>{@code foreachBatch} is at-least-once: a micro-batch that fails part-way is run again after a restart. The
 * writes make that harmless: Redis keeps, per key, only the newest event by (event time, partition, offset), so
 * replayed rows are skipped as stale; dead letters are sent again (at least once).
 */
public final class OnlineStoreSink implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OnlineStoreSink.class);

    /** The counts row each partition's write returns: written, stale, dead letters by reason. */
    public static final org.apache.spark.sql.types.StructType OUTCOME = new org.apache.spark.sql.types.StructType()
            .add("written", org.apache.spark.sql.types.DataTypes.LongType, false)
            .add("stale", org.apache.spark.sql.types.DataTypes.LongType, false)
            .add("dead_letters", org.apache.spark.sql.types.DataTypes.createMapType(
                    org.apache.spark.sql.types.DataTypes.StringType, org.apache.spark.sql.types.DataTypes.LongType),
                    false);

    private final FeatureSetSpec spec;
    private final org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> write;
    private final transient IngestionMetrics metrics;
    private final transient Consumer<BatchOutcome> listener;
    private final transient ReasonCounts decoderRejects;
    private transient Map<String, Long> counted = new HashMap<>();

    /**
     * A sink for {@code spec} whose partitions are written by {@code write}, which returns one {@link #OUTCOME} row
     * per partition; {@code decoderRejects} counts the records the decoder dead-lettered upstream.
     */
    public OnlineStoreSink(FeatureSetSpec spec, org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> write,
            ReasonCounts decoderRejects, IngestionMetrics metrics, Consumer<BatchOutcome> listener) {
        this.spec = spec;
        this.write = write;
        this.decoderRejects = decoderRejects;
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        long start = System.nanoTime();
        List<Row> partitions = batch.mapPartitions(write, Encoders.row(OUTCOME)).collectAsList();
        long written = 0;
        long stale = 0;
        Map<String, Long> deadLetters = new HashMap<>();
        for (Row p : partitions) {
            written += p.getLong(0);
            stale += p.getLong(1);
            scala.collection.Map<String, Long> counts = p.getMap(2);
            CollectionConverters.asJava(counts).forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
        }
        Map<String, Long> now = decoderRejects.value();
        decoderRejects.since(counted).forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
        counted = now;
        BatchOutcome outcome = new BatchOutcome(written, stale, deadLetters);
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        metrics.batchCompleted(spec.name(), "online", outcome, duration);
        if (outcome.records() > 0 && spec.aggregated()) {
            LOG.info("feature set {}: online batch {} aggregated {} events into Redis tiles, dead-lettered {} {} in"
                    + " {} ms", spec.name(), batchId, written, outcome.deadLettered(), outcome.deadLetters(),
                    duration.toMillis());
        } else if (outcome.records() > 0) {
            LOG.info("feature set {}: online batch {} wrote {} rows to Redis, skipped {} older than stored, "
                    + "dead-lettered {} {} in {} ms", spec.name(), batchId, written, stale, outcome.deadLettered(),
                    outcome.deadLetters(), duration.toMillis());
        }
        listener.accept(outcome);
    }
}
