package dev.freshet.spark.offline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import dev.freshet.spark.source.SourceOffsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one run of a feature set's offline job did.
 *
 * @param featureSet  the feature set
 * @param started     when the run started
 * @param finished    when it finished
 * @param batches     micro-batches committed
 * @param records     source records read
 * @param written     rows appended to the offline table
 * @param deadLetters records not ingested, by reason (counted; the online job sends them to the dead-letter topic)
 * @param table       the table's location
 * @param endOffsets  the point of the source the offline store holds everything before, if the run (or, for a run
 *                    that found nothing new, an earlier one in this engine) reported it
 */
public record OfflineRun(String featureSet, Instant started, Instant finished, long batches, long records,
        long written, Map<String, Long> deadLetters, String table, Optional<SourceOffsets> endOffsets) {

    /** Checks and copies. */
    public OfflineRun {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(started, "started");
        requireNonNull(finished, "finished");
        deadLetters = java.util.Collections.unmodifiableMap(new TreeMap<>(deadLetters));
        requireNonNull(table, "table");
        requireNonNull(endOffsets, "endOffsets");
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(started, finished);
    }
}
