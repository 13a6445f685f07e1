package dev.freshet.spark.job;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.CheckpointRecords;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.pipeline.IngestionPipeline;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Starts any {@link JobDefinition} the same way: the source's records through the one pipeline
 * ({@link IngestionPipeline}), the event-time stage if there is one, and a Structured Streaming query whose
 * {@code foreachBatch} is the one {@link BatchWriter}. A job kind is a definition, never a starter of its own.
 */
public final class JobStarter {

    private final SparkSession spark;
    private final IngestionMetrics metrics;
    private final Clock clock;

    /** A starter of jobs on {@code spark}, recording their batches in {@code metrics}, timed by {@code clock}. */
    public JobStarter(SparkSession spark, IngestionMetrics metrics, Clock clock) {
        this.spark = spark;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts {@code job}'s query. */
    public Job start(JobDefinition job) {
        String featureSet = job.spec().name();
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, job.queryName() + "-rejected");
        CheckpointRecords.checkDefinition(spark, job);
        Dataset<Row> rows = IngestionPipeline.rows(spark, job.spec(), job.source().open(spark), job.deadLetters(),
                rejected);
        if (job.stage().isPresent()) {
            rows = job.stage().get().apply(rows);
        }
        JobTotals totals = new JobTotals(CheckpointTotals.of(spark, job.checkpoint()));
        BatchWriter writer = new BatchWriter(job, rejected, new BatchAccounting(featureSet, job.kind(), metrics,
                totals, clock));
        try {
            StreamingQuery query = rows.writeStream()
                    .queryName(job.queryName())
                    .outputMode(job.stage().map(EventTimeStage::outputMode).orElse(OutputMode.Append()))
                    .option("checkpointLocation", job.checkpoint())
                    .trigger(job.trigger())
                    .foreachBatch(writer)
                    .start();
            return new Job(featureSet, job.kind(), query, job.checkpoint(), totals, writer);
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(featureSet, job.kind().label(), e);
        }
    }
}
