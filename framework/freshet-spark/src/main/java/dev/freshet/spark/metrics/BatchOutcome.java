package dev.freshet.spark.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one micro-batch of one job did, summed over its partitions on the driver.
 *
 * @param written      feature rows applied to the store
 * @param stale        feature rows skipped because the store already held a newer event for their key
 * @param deadLetters  dead-lettered records by reason name
 */
public record BatchOutcome(long written, long stale, Map<String, Long> deadLetters) {

    /** Checks and copies (sorted by reason). */
    public BatchOutcome {
        requireNonNull(deadLetters, "deadLetters");
        deadLetters = Collections.unmodifiableMap(new TreeMap<>(deadLetters));
    }

    /** Total dead letters. */
    public long deadLettered() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Total records the batch handled. */
    public long records() {
        return written + stale + deadLettered();
    }
}
