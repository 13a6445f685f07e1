package dev.freshet.spark.backfill;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.aggregate.TileSeed;
import dev.freshet.spark.job.JobPlanner;
import dev.freshet.spark.job.JobStarter;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.offline.OfflineTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a feature set's backfill (ADR 0017), resumably and idempotently:
 *
 * <ol>
 *   <li>each slice not recorded as committed runs once as a job of kind backfill ({@link JobPlanner#backfillSlice}):
 *       the batch sources in the slice's range, the backfill SQL, the feature set's own pipeline, appended to the
 *       offline table under the backfill's id with the slice as Delta's {@code txnVersion} — a slice that Delta has
 *       already is not appended twice;
 *   <li>then the tiles: every backfilled row of the table replayed per key into its tiles ({@link TileSeed}), kept as
 *       the seed of the online job's state and written to the online store (absolute values);
 *   <li>last, the completion, after which a run does nothing and the online job may start.
 * </ol>
 *
 * A run stopped anywhere resumes with the first slice not committed, or with the tiles.
 */
public final class BackfillRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);

    private final SparkSession spark;
    private final JobPlanner planner;
    private final JobStarter starter;
    private final OfflineTable offlineTable;
    private final OnlineStore onlineStore;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final Map<String, BackfillProgress> running = new ConcurrentHashMap<>();

    /** A runner of backfills on {@code spark}, into {@code offlineTable} and {@code onlineStore}. */
    public BackfillRunner(SparkSession spark, JobPlanner planner, JobStarter starter, OfflineTable offlineTable,
            OnlineStore onlineStore, IngestionMetrics metrics, Clock clock) {
        this.spark = requireNonNull(spark, "spark");
        this.planner = requireNonNull(planner, "planner");
        this.starter = requireNonNull(starter, "starter");
        this.offlineTable = requireNonNull(offlineTable, "offlineTable");
        this.onlineStore = requireNonNull(onlineStore, "onlineStore");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code plan} to its end, or does nothing if it has completed before.
     *
     * @param tileTtl how long the online store keeps the tiles written (zero: for ever), as for the online job
     * @throws FreshetException naming the slice, its batch sources and the cause, if a slice fails; or if the offline
     *     table holds another backfill's rows
     */
    public BackfillReport run(BackfillPlan plan, Duration tileTtl) {
        FeatureSetSpec spec = plan.spec();
        Instant started = clock.instant();
        BackfillRecords records = new BackfillRecords(spark, planner.backfillCheckpoint(plan));
        if (records.complete()) {
            LOG.info("feature set {}: backfill {} (events from {} to {}) completed before; not running it again",
                    spec.name(), plan.id(), plan.backfill().start(), plan.backfill().end());
            return new BackfillReport(spec.name(), plan.id(), true, plan.slices().size(), 0, 0, 0, Map.of(), 0,
                    started, clock.instant());
        }
        checkNoOtherBackfill(plan);
        LOG.info("feature set {}: backfill {} of events from {} to {} in {} slices, into {} and {}", spec.name(),
                plan.id(), plan.backfill().start(), plan.backfill().end(), plan.slices().size(),
                offlineTable.path(spec.name()), onlineStore.describe(spec.name()));
        BackfillProgress progress = new BackfillProgress(plan, metrics, clock);
        running.put(spec.name(), progress);
        try {
            return slicesAndTiles(plan, records, tileTtl, progress, started);
        } finally {
            running.remove(spec.name(), progress);
        }
    }

    /** The share of its time range the backfill of {@code featureSet} running now has done, if one is running. */
    public OptionalDouble progress(String featureSet) {
        BackfillProgress p = running.get(featureSet);
        return p == null ? OptionalDouble.empty() : OptionalDouble.of(p.share());
    }

    private BackfillReport slicesAndTiles(BackfillPlan plan, BackfillRecords records, Duration tileTtl,
            BackfillProgress progress, Instant started) {
        FeatureSetSpec spec = plan.spec();
        int run = 0;
        long read = 0;
        long appended = 0;
        Map<String, Long> deadLetters = new TreeMap<>();
        for (BackfillPlan.Slice slice : plan.slices()) {
            if (BackfillRecords.committed(spark, records.directory(), slice.index())) {
                progress.committedBefore(slice);
                continue;
            }
            Instant sliceStarted = clock.instant();
            BatchOutcome outcome;
            try {
                outcome = starter.runOnce(planner.backfillSlice(plan, slice), slice.index());
            } catch (Exception e) { // Spark's own exceptions are checked, and Scala throws them undeclared
                throw FreshetErrors.backfillFailed(spec.name(), slice.from(), slice.until(),
                        slice.sources(plan.backfill()), FreshetErrors.explanation(e));
            }
            run++;
            read += outcome.records();
            appended += outcome.written();
            outcome.deadLetters().forEach((r, n) -> deadLetters.merge(r, n, Long::sum));
            progress.sliceDone(slice, outcome, Duration.between(sliceStarted, clock.instant()));
        }
        long keys;
        try {
            keys = tiles(plan, records, tileTtl);
        } catch (Exception e) { // Spark's own exceptions are checked, and Scala throws them undeclared
            throw FreshetErrors.backfillTilesFailed(spec.name(), onlineStore.describe(spec.name()), FreshetErrors.explanation(e));
        }
        progress.finished();
        Instant finished = clock.instant();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("backfill", plan.id());
        summary.put("start", plan.backfill().start().toString());
        summary.put("end", plan.backfill().end().toString());
        summary.put("slices", plan.slices().size());
        summary.put("keys", keys);
        summary.put("completedAt", finished.toString());
        records.markComplete(summary);
        LOG.info("feature set {}: backfill {} complete: {} of {} slices run now, {} rows read, {} appended, dead-lettered"
                + " {} {}, tiles of {} keys written to {} in {} ms", spec.name(), plan.id(), run, plan.slices().size(),
                read, appended, deadLetters.values().stream().mapToLong(Long::longValue).sum(), deadLetters, keys,
                onlineStore.describe(spec.name()), Duration.between(started, finished).toMillis());
        return new BackfillReport(spec.name(), plan.id(), false, plan.slices().size(), run, read, appended,
                deadLetters, keys, started, finished);
    }

    /** The tiles of every backfilled key: seed rebuilt from the table, then written to the online store. */
    private long tiles(BackfillPlan plan, BackfillRecords records, Duration tileTtl) {
        FeatureSetSpec spec = plan.spec();
        Dataset<Row> events = offlineTable.read(spark, spec).where(col(OfflineTable.WRITER).equalTo(lit(plan.id())));
        long keys = TileSeed.build(spec, events, records.seed(), clock.millis());
        TileSeed.toStore(spark, spec, records.seed(),
                onlineStore.tileWriter(spec, TiledAggregation.of(spec), tileTtl));
        return keys;
    }

    private void checkNoOtherBackfill(BackfillPlan plan) {
        String featureSet = plan.spec().name();
        if (!offlineTable.exists(spark, featureSet)) {
            return;
        }
        List<Row> other = offlineTable.read(spark, plan.spec())
                .where(col(OfflineTable.PARTITION).equalTo(lit(BackfillInput.PARTITION))
                        .and(col(OfflineTable.WRITER).notEqual(lit(plan.id()))))
                .select(OfflineTable.WRITER).limit(1).collectAsList();
        if (!other.isEmpty()) {
            throw FreshetErrors.backfillChanged(featureSet, offlineTable.path(featureSet), other.get(0).getString(0),
                    plan.id());
        }
    }
}
