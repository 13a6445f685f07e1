package dev.freshet.spark.online;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.metrics.BatchOutcome;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * A running online job of one feature set: its Structured Streaming query and the running totals of what it wrote.
 * Thread-safe.
 */
public final class OnlineJob {

    private final String featureSet;
    private final StreamingQuery query;
    private final String checkpoint;
    private final Totals totals;

    OnlineJob(String featureSet, StreamingQuery query, String checkpoint, Totals totals) {
        this.featureSet = featureSet;
        this.query = query;
        this.checkpoint = checkpoint;
        this.totals = totals;
    }

    /** A job around a started query; {@code totals} is fed by the query's sink. */
    public static OnlineJob of(String featureSet, StreamingQuery query, String checkpoint, Totals totals) {
        return new OnlineJob(featureSet, query, checkpoint, totals);
    }

    /** The feature set. */
    public String featureSet() {
        return featureSet;
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

    /** Why the query stopped, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(query.exception().isDefined() ? query.exception().get() : null);
    }

    /** Blocks until every record available in the source now has been processed. */
    public void processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (RuntimeException e) {
            throw FreshetErrors.jobFailed(featureSet, "online", rootCause(e));
        }
    }

    /** Blocks until the query stops (by itself in {@code AVAILABLE_NOW} mode), rethrowing its failure. */
    public void awaitTermination() {
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw FreshetErrors.jobFailed(featureSet, "online", rootCause(e));
        }
    }

    /** Stops the query, waiting for it to end (Spark's {@code spark.sql.streaming.stopTimeout}). */
    public void stop() {
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(featureSet, "online", e);
        }
    }

    /** Totals over the batches this job ran since it started. */
    public BatchOutcome totals() {
        return totals.snapshot();
    }

    /** Number of micro-batches completed since start. */
    public long batches() {
        return totals.batches();
    }

    /** Running totals, fed by the sink on the driver after each batch. */
    public static final class Totals {
        private long written;
        private long stale;
        private final Map<String, Long> deadLetters = new TreeMap<>();
        private long batches;

        /** Adds one batch's outcome. */
        public synchronized void add(BatchOutcome outcome) {
            written += outcome.written();
            stale += outcome.stale();
            outcome.deadLetters().forEach((r, n) -> deadLetters.merge(r, n, Long::sum));
            batches++;
        }

        synchronized BatchOutcome snapshot() {
            return new BatchOutcome(written, stale, deadLetters);
        }

        synchronized long batches() {
            return batches;
        }
    }

    /** The first Freshet error in the chain (its message says what to do), else the root cause. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (true) {
            if (t instanceof dev.freshet.core.error.FreshetException) {
                return t;
            }
            if (t.getCause() == null || t.getCause() == t) {
                return t;
            }
            t = t.getCause();
        }
    }
}
