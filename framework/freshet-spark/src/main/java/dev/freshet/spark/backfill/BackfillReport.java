package dev.freshet.spark.backfill;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run of a feature set's backfill did.
 *
 * @param featureSet      the feature set
 * @param id              the backfill's id
 * @param alreadyComplete whether the backfill had completed before, so that this run did nothing
 * @param slices          the backfill's slices
 * @param slicesRun       the slices this run read (the others were committed by an earlier run)
 * @param read            rows the slices this run read handed to the pipeline
 * @param appended        rows appended to the offline table by this run
 * @param deadLetters     rows dead-lettered by this run, by reason
 * @param keys            entity keys whose tiles the backfill wrote to the online store (0 when already complete)
 * @param started         when the run started
 * @param finished        when it finished
 */
public record BackfillReport(String featureSet, String id, boolean alreadyComplete, int slices, int slicesRun,
        long read, long appended, Map<String, Long> deadLetters, long keys, Instant started, Instant finished) {

    /** Checks and copies. */
    public BackfillReport {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(id, "id");
        deadLetters = Collections.unmodifiableMap(new TreeMap<>(deadLetters));
        requireNonNull(started, "started");
        requireNonNull(finished, "finished");
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(started, finished);
    }
}
