package dev.freshet.spark.job;

import dev.freshet.spark.metrics.BatchOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Running totals of one job, fed by its per-batch accounting on the driver: since this query started, and since its
 * checkpoint was created ({@link CheckpointTotals}, exactly once across restarts). Thread-safe.
 */
final class JobTotals {

    private final CheckpointTotals checkpoint;
    private long written;
    private long stale;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private long batches;
    private CheckpointTotals.Totals lifetime;
    private Instant lastBatchAt;

    JobTotals(CheckpointTotals checkpoint) {
        this.checkpoint = checkpoint;
        this.lifetime = checkpoint.resume();
    }

    synchronized void add(long batchId, BatchOutcome outcome, long newestEventMillis, Instant at) {
        written += outcome.written();
        stale += outcome.stale();
        outcome.deadLetters().forEach((r, n) -> deadLetters.merge(r, n, Long::sum));
        batches++;
        lifetime = lifetime.plus(outcome, newestEventMillis);
        checkpoint.save(batchId, lifetime);
        lastBatchAt = at;
    }

    synchronized BatchOutcome snapshot() {
        return new BatchOutcome(written, stale, deadLetters);
    }

    synchronized BatchOutcome lifetime() {
        return lifetime.outcome();
    }

    synchronized Optional<Instant> newestEventTime() {
        return lifetime.newestEventMillis() == Long.MIN_VALUE ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(lifetime.newestEventMillis()));
    }

    synchronized Optional<Instant> lastBatchAt() {
        return Optional.ofNullable(lastBatchAt);
    }

    synchronized long batches() {
        return batches;
    }
}
