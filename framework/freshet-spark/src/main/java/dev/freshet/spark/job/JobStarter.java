package dev.freshet.spark.job;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.CheckpointRecords;
import dev.freshet.spark.backfill.HandOff;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.pipeline.IngestionPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Starts any {@link JobDefinition} the same way: the source's records through the one pipeline
 * ({@link IngestionPipeline}), the backfill hand-off for Kafka jobs ({@link HandOff}), the event-time stage if there
 * is one, and the one {@link BatchWriter} — as the {@code foreachBatch} of a Structured Streaming query
 * ({@link #start}), or once over a bounded source ({@link #runOnce}). A job kind is a definition, never a starter of
 * its own.
 */
public final class JobStarter {

    /** The directory of a job's checkpoint whose files name its committed batches, as Spark's own do. */
    public static final String COMMITS = "commits";

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
        Prepared prepared = prepare(job);
        try {
            StreamingQuery query = prepared.rows().writeStream()
                    .queryName(job.queryName())
                    .outputMode(job.stage().map(EventTimeStage::outputMode).orElse(OutputMode.Append()))
                    .option("checkpointLocation", job.checkpoint())
                    .trigger(job.trigger())
                    .foreachBatch(prepared.writer())
                    .start();
            return new Job(job.spec().name(), job.kind(), query, job.checkpoint(), prepared.totals(),
                    prepared.writer());
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(job.spec().name(), job.kind().label(), e);
        }
    }

    /**
     * Runs {@code job} once over its bounded source as batch {@code batchId} of its checkpoint: the same writer and
     * accounting as a micro-batch, then the batch recorded as committed ({@code commits/<batchId>}), so that the job's
     * totals since its checkpoint was created count it once however often it is run. The job's trigger is not used.
     *
     * @return what the batch did
     */
    public BatchOutcome runOnce(JobDefinition job, long batchId) {
        Prepared prepared = prepare(job);
        try {
            prepared.writer().call(prepared.rows(), batchId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FreshetErrors.jobFailed(job.spec().name(), job.kind().label(), e);
        }
        Path commit = new Path(new Path(job.checkpoint(), COMMITS), Long.toString(batchId));
        try {
            FileSystem fs = commit.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.mkdirs(commit.getParent());
            fs.create(commit, true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record batch " + batchId + " as committed in " + job.checkpoint(),
                    e);
        }
        return prepared.totals().snapshot();
    }

    private record Prepared(Dataset<Row> rows, JobTotals totals, BatchWriter writer) {}

    private Prepared prepare(JobDefinition job) {
        String featureSet = job.spec().name();
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, job.queryName() + "-rejected");
        ReasonCounts skipped = new ReasonCounts();
        spark.sparkContext().register(skipped, job.queryName() + "-skipped");
        CheckpointRecords.checkDefinition(spark, job);
        Dataset<Row> rows = job.source().typed()
                ? IngestionPipeline.fromTyped(spark, job.spec(), job.source().open(spark))
                : HandOff.streamSide(job.spec(), IngestionPipeline.rows(spark, job.spec(), job.source().open(spark),
                        job.deadLetters(), rejected), skipped);
        if (job.stage().isPresent()) {
            rows = job.stage().get().apply(rows);
        }
        JobTotals totals = new JobTotals(CheckpointTotals.of(spark, job.checkpoint()));
        BatchWriter writer = new BatchWriter(job, rejected, skipped, new BatchAccounting(featureSet, job.kind(),
                metrics, totals, clock));
        return new Prepared(rows, totals, writer);
    }
}
