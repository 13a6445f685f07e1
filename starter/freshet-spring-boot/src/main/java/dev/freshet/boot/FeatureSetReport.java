package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code freshet} Actuator endpoint and the catalog page say of one feature set: what it is declared to be
 * (its catalog entry) and how its jobs are doing in this application. Instants are ISO-8601 strings in UTC and
 * durations ISO-8601 durations, as in the catalog; {@code null} stands for "none" (no job here, no run yet).
 *
 * @param name     feature-set name
 * @param catalog  the feature set's entry exactly as {@code META-INF/freshet/catalog.json} writes it
 *                 ({@code docs/catalog.md}): metadata, key, source, transform, features and their types, windows,
 *                 sinks, backfill, templates; values of batch-source options whose names look secret are masked
 * @param online   its online job in this application, or {@code null} if none runs or ran here
 * @param offline  its offline job in this application
 * @param backfill its backfill, or {@code null} if it declares none
 */
public record FeatureSetReport(String name, Map<String, @Nullable Object> catalog, @Nullable Online online,
        Offline offline, @Nullable Backfill backfill) {

    /** Checks the parts. */
    public FeatureSetReport {
        requireNonNull(name, "name");
        requireNonNull(catalog, "catalog");
        requireNonNull(offline, "offline");
    }

    /**
     * The supervised online job of a feature set.
     *
     * @param state           {@code RUNNING}, {@code RESTARTING} (after a failure, until {@code nextRestart}),
     *                        {@code FAILED} (given up) or {@code STOPPED}
     * @param active          whether its streaming query runs at this moment
     * @param since           when it entered its state
     * @param restarts        restarts after failures since it first started
     * @param nextRestart     when it restarts next, while restarting
     * @param error           its last failure, if it ever failed
     * @param lastBatch       when its last micro-batch with records finished writing
     * @param batches         micro-batches completed since its current query started
     * @param rowsWritten     feature rows written to the online store since its checkpoint was created
     * @param rowsStale       rows skipped because the store held a newer event of their key, likewise
     * @param deadLetters     records dead-lettered, by reason, likewise
     * @param newestEventTime the newest event time it has written
     * @param freshness       how old that event is now
     * @param recordsBehind   records of its source it has not read yet, or {@code null} if Kafka does not say
     */
    public record Online(String state, boolean active, String since, int restarts, @Nullable String nextRestart,
            @Nullable Failure error, @Nullable String lastBatch, long batches, long rowsWritten, long rowsStale,
            Map<String, Long> deadLetters, @Nullable String newestEventTime, @Nullable String freshness,
            @Nullable Long recordsBehind) {

        /** Copies the map. */
        public Online {
            deadLetters = Map.copyOf(deadLetters);
        }
    }

    /**
     * Why a job failed.
     *
     * @param message       the error, naming the feature set
     * @param at            when the job stopped
     * @param restartCanFix whether running the job again may succeed
     */
    public record Failure(String message, String at, boolean restartCanFix) {}

    /**
     * The offline job of a feature set.
     *
     * @param scheduled   whether this application runs it on its cron schedule
     * @param schedule    the five-field cron expression it runs on here (a {@code freshet.feature-sets.*} override
     *                    wins over the declared one, which the catalog entry shows)
     * @param nextRun     when the schedule runs it next here, if scheduled
     * @param lastRun     the last run that completed here
     * @param lastOutcome the outcome of the last run tried here (completed or not), if any
     */
    public record Offline(boolean scheduled, String schedule, @Nullable String nextRun, @Nullable OfflineRunReport lastRun,
            @Nullable Outcome lastOutcome) {}

    /**
     * One offline run that completed.
     *
     * @param started     when it started
     * @param finished    when it finished
     * @param duration    how long it took
     * @param batches     micro-batches committed
     * @param records     source records read
     * @param written     rows appended to the offline table
     * @param deadLetters records not ingested, by reason
     * @param table       the Delta table's location
     */
    public record OfflineRunReport(String started, String finished, String duration, long batches, long records,
            long written, Map<String, Long> deadLetters, String table) {

        /** Copies the map. */
        public OfflineRunReport {
            deadLetters = Map.copyOf(deadLetters);
        }
    }

    /**
     * How the last offline run tried in this application ended.
     *
     * @param outcome {@code completed}, {@code failed}, {@code lease-lost}, {@code stopped} or {@code skipped}
     *                (another instance held its lease, or a run was going on)
     * @param at      when it ended
     * @param error   why it did not complete, if it failed or lost its lease
     */
    public record Outcome(String outcome, String at, @Nullable String error) {}

    /**
     * The backfill of a feature set.
     *
     * @param start     first event time it reads
     * @param end       its hand-off to Kafka
     * @param running   whether it runs in this application now
     * @param rangeDone the share of its time range done (0 to 1), while it runs
     * @param pending   whether it has not completed yet (its online job cannot start before)
     */
    public record Backfill(String start, String end, boolean running, @Nullable Double rangeDone, boolean pending) {}

    /**
     * All feature sets, as {@code GET /actuator/freshet} answers.
     *
     * @param catalogVersion  the catalog format version of the {@code catalog} members
     * @param writeOperations whether the endpoint's write operations are enabled
     *                        ({@code freshet.endpoint.write-operations-enabled})
     * @param featureSets     every feature set, sorted by name
     */
    public record All(int catalogVersion, boolean writeOperations, List<FeatureSetReport> featureSets) {

        /** Copies the list. */
        public All {
            featureSets = List.copyOf(featureSets);
        }
    }
}
