package dev.freshet.spark.job;

import dev.freshet.core.job.JobKind;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.source.SourceOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * A started job of one feature set — online or offline — : its Structured Streaming query and the running totals of
 * what its batches did. Thread-safe.
 */
public final class Job {

    private final String featureSet;
    private final JobKind kind;
    private final StreamingQuery query;
    private final String checkpoint;
    private final JobTotals totals;
    private final BatchWriter writer;

    Job(String featureSet, JobKind kind, StreamingQuery query, String checkpoint, JobTotals totals,
            BatchWriter writer) {
        this.featureSet = featureSet;
        this.kind = kind;
        this.query = query;
        this.checkpoint = checkpoint;
        this.totals = totals;
        this.writer = writer;
    }

    /** The feature set. */
    public String featureSet() {
        return featureSet;
    }

    /** Which of the feature set's jobs this is. */
    public JobKind kind() {
        return kind;
    }

    /** The checkpoint location of the query. */
    public String checkpoint() {
        return checkpoint;
    }

    /** The Spark query, for status and progress. */
    public StreamingQuery query() {
        return query;
    }

    /** Whether the query is running. */
    public boolean isActive() {
        return query.isActive();
    }

    /**
     * Whether the query has got through at least one trigger (a micro-batch, or a look at the source that found
     * nothing new) since it started: it runs, rather than merely having started.
     */
    public boolean passedATrigger() {
        if (query.lastProgress() != null) {
            return true;
        }
        String message = query.status().message();
        return query.isActive() && message != null && message.startsWith("Waiting for");
    }

    /** Why the query stopped, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(query.exception().isDefined() ? query.exception().get() : null);
    }

    /**
     * The point of the source the job's last reported micro-batch reached: what the stores it writes reflect while
     * {@link #settled}. Empty before its first batch.
     */
    public Optional<SourceOffsets> endOffsets() {
        StreamingQueryProgress progress = query.lastProgress();
        if (progress == null || progress.sources().length == 0 || progress.sources()[0].endOffset() == null) {
            return Optional.empty();
        }
        return Optional.of(SourceOffsets.parse(progress.sources()[0].endOffset()));
    }

    /** The id of the last micro-batch the job reported, or -1 before its first. */
    public long lastBatchId() {
        StreamingQueryProgress progress = query.lastProgress();
        return progress == null ? -1 : progress.batchId();
    }

    /**
     * The last micro-batch this job wrote to the end in this process, or -1: while no batch is being written and
     * Spark has reported it ({@code lastWrittenBatch() <= lastBatchId()}), the stores reflect exactly the records
     * before {@link #endOffsets}.
     */
    public long lastWrittenBatch() {
        return writer.lastWritten();
    }

    /**
     * Whether the stores reflect exactly what {@link #endOffsets} says: no micro-batch is being written, and the last
     * one written has been reported. Outputs are written only while a batch is being written, so reading a store
     * between two observations of {@code settled()} with the same {@link #lastWrittenBatch} reads a consistent state.
     */
    public boolean settled() {
        return !writer.writing() && writer.lastWritten() <= lastBatchId();
    }

    /** Blocks until every record available in the source now has been processed. */
    public void processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (RuntimeException e) {
            throw FreshetErrors.jobFailed(featureSet, kind.label(), FreshetErrors.explanation(e));
        }
    }

    /** Blocks until the query stops (by itself when it runs until caught up), rethrowing its failure. */
    public void awaitTermination() {
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw FreshetErrors.jobFailed(featureSet, kind.label(), FreshetErrors.explanation(e));
        }
    }

    /**
     * Stops the query, waiting for it to end (Spark's {@code spark.sql.streaming.stopTimeout}); nothing to do once its
     * SparkContext has stopped.
     */
    public void stop() {
        if (query.sparkSession().sparkContext().isStopped()) {
            return; // the query ended with its context (the JVM is shutting down): nothing is left to stop
        }
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(featureSet, kind.label(), e);
        } catch (IllegalStateException e) {
            if (!query.sparkSession().sparkContext().isStopped()) {
                throw e;
            }
            // The context stopped meanwhile (the JVM is shutting down), and the query with it.
        }
    }

    /**
     * Stops the query at a batch boundary: waits up to {@code timeout} for the micro-batch being written to finish,
     * lets no other start writing, then stops. After the timeout the batch is interrupted instead; outputs make that
     * harmless, and the next start replays it from the checkpoint.
     */
    public void stopAtBatchBoundary(Duration timeout) {
        boolean held = writer.holdAtBoundary(timeout);
        try {
            stop();
        } finally {
            if (held) {
                writer.reopen();
            }
        }
    }

    /** Totals over the batches this job ran since it started. */
    public BatchOutcome totals() {
        return totals.snapshot();
    }

    /**
     * Totals over every batch since the job's checkpoint was created, counted exactly once across restarts of the job
     * and of the process (kept in the checkpoint).
     */
    public BatchOutcome lifetimeTotals() {
        return totals.lifetime();
    }

    /**
     * The newest event time the job has handed to its stores since its checkpoint was created (those stores hold that
     * event or a newer one): how fresh they are. Empty before any.
     */
    public Optional<Instant> newestEventTime() {
        return totals.newestEventTime();
    }

    /** When the job's last micro-batch with records finished writing in this process. */
    public Optional<Instant> lastBatchAt() {
        return totals.lastBatchAt();
    }

    /** Number of micro-batches completed since start. */
    public long batches() {
        return totals.batches();
    }
}
