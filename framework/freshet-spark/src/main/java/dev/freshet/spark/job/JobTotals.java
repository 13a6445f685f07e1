package dev.freshet.spark.job;

import dev.freshet.spark.metrics.BatchOutcome;
import java.util.Map;
import java.util.TreeMap;

/** Running totals of one job, fed by its per-batch accounting on the driver. Thread-safe. */
final class JobTotals {

    private long written;
    private long stale;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private long batches;

    synchronized void add(BatchOutcome outcome) {
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
