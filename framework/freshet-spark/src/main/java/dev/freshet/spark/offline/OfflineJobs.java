package dev.freshet.spark.offline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.CheckpointRecords;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.pipeline.IngestionPipeline;
import dev.freshet.spark.pipeline.SinkColumns;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaSourceReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a feature set's offline job once: a bounded Structured Streaming query ({@code Trigger.AvailableNow}) that
 * reads the source from its own checkpointed offsets (independent of the online job), runs the one ingestion pipeline
 * and appends the feature rows to the offline table, idempotently. Records the pipeline rejects are counted, not
 * re-sent: the online job of the same feature set sends them to the dead-letter topic.
 */
public final class OfflineJobs {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineJobs.class);

    private OfflineJobs() {}

    /**
     * Runs the offline job of {@code spec} until it has caught up with the source, handing its query to
     * {@code onStart} as soon as it has started (so that it can be stopped).
     */
    public static OfflineRun run(SparkSession spark, FeatureSetSpec spec, KafkaConnection kafka, OfflineTable table,
            String checkpoint, long maxOffsetsPerTrigger, int filesPerBatch, IngestionMetrics metrics,
            Consumer<StreamingQuery> onStart) {
        Instant started = Instant.now();
        table.checkSchema(spark, spec);
        String writer = CheckpointRecords.writerId(spark, spec.name(), checkpoint);
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, "freshet-offline-rejected-" + spec.name());
        Dataset<Row> raw = KafkaSourceReader.read(spark, spec.source(), kafka, maxOffsetsPerTrigger);
        Dataset<Row> sinkRows = IngestionPipeline.sinkRows(spark, spec, raw, DeadLetterTarget.countOnly(), rejected);
        Sink sink = new Sink(spec, table, writer, filesPerBatch, rejected, metrics);
        try {
            StreamingQuery query = sinkRows.writeStream()
                    .queryName("freshet-offline-" + spec.name())
                    .option("checkpointLocation", checkpoint)
                    .trigger(Trigger.AvailableNow())
                    .foreachBatch(sink)
                    .start();
            onStart.accept(query);
            query.awaitTermination();
        } catch (TimeoutException | StreamingQueryException e) {
            throw FreshetErrors.jobFailed(spec.name(), "offline", e instanceof StreamingQueryException q
                    && q.getCause() != null ? q.getCause() : e);
        }
        OfflineRun run = new OfflineRun(spec.name(), started, Instant.now(), sink.batches, sink.records, sink.written,
                sink.deadLetters, table.path(spec.name()));
        LOG.info("feature set {}: offline run appended {} rows to {} in {} batches ({} records read, not ingested {})"
                + " in {} ms", spec.name(), run.written(), run.table(), run.batches(), run.records(),
                run.deadLetters(), run.duration().toMillis());
        return run;
    }

    /** Appends each micro-batch and counts it, on the driver. */
    private static final class Sink implements VoidFunction2<Dataset<Row>, Long> {
        private static final long serialVersionUID = 1L;

        private final FeatureSetSpec spec;
        private final OfflineTable table;
        private final String writer;
        private final int files;
        private final transient ReasonCounts rejected;
        private final transient IngestionMetrics metrics;
        private transient Map<String, Long> counted = new HashMap<>();
        private long batches;
        private long records;
        private long written;
        private final Map<String, Long> deadLetters = new HashMap<>();

        Sink(FeatureSetSpec spec, OfflineTable table, String writer, int files, ReasonCounts rejected,
                IngestionMetrics metrics) {
            this.spec = spec;
            this.table = table;
            this.writer = writer;
            this.files = files;
            this.rejected = rejected;
            this.metrics = metrics;
        }

        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            long start = System.nanoTime();
            Observation observed = new Observation("freshet-offline-" + spec.name() + "-" + batchId);
            Column kind = col(SinkColumns.KIND);
            Column reason = col(SinkColumns.REASON);
            Dataset<Row> counted = batch.observe(observed,
                    count_if(kind.equalTo(SinkColumns.FEATURES)).as("features"),
                    count_if(reason.equalTo(DeadLetterReason.MISSING_KEY.name())).as("missing_key"),
                    count_if(reason.equalTo(DeadLetterReason.MISSING_TIMESTAMP.name())).as("missing_timestamp"));
            table.append(counted, spec, writer, batchId, files);
            Map<String, Object> values;
            try {
                values = observed.getAsJava();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while counting an offline batch", e);
            }
            long features = ((Number) values.get("features")).longValue();
            Map<String, Long> batchDead = new HashMap<>();
            put(batchDead, DeadLetterReason.MISSING_KEY, values.get("missing_key"));
            put(batchDead, DeadLetterReason.MISSING_TIMESTAMP, values.get("missing_timestamp"));
            Map<String, Long> now = rejected.value();
            rejected.since(this.counted).forEach((r, n) -> batchDead.merge(r, n, Long::sum));
            this.counted = now;
            BatchOutcome outcome = new BatchOutcome(features, 0, batchDead);
            metrics.batchCompleted(spec.name(), "offline", outcome, Duration.ofNanos(System.nanoTime() - start));
            batches++;
            written += features;
            records += outcome.records();
            batchDead.forEach((r, n) -> deadLetters.merge(r, n, Long::sum));
        }

        private static void put(Map<String, Long> counts, DeadLetterReason reason, Object value) {
            long n = ((Number) value).longValue();
            if (n > 0) {
                counts.put(reason.name(), n);
            }
        }
    }
}
