package dev.freshet.spark.backfill;

import dev.freshet.core.time.DurationLiteral;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one run of a backfill, slice by slice: a log line per slice and gauges tagged with the feature set
 * and {@code job=backfill} — {@code freshet.backfill.progress} (the share of the time range done, 0 to 1),
 * {@code freshet.backfill.rows} (rows read by this run), {@code freshet.backfill.rows.per.second} and
 * {@code freshet.backfill.remaining} (an estimate of the time left, seconds, from this run's pace).
 */
final class BackfillProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);

    private final BackfillPlan plan;
    private final Clock clock;
    private final Instant started;
    private volatile double share;
    private volatile double shareAtStart = Double.NaN;
    private volatile long rows;
    private volatile double rowsPerSecond;
    private volatile double remainingSeconds = Double.NaN;

    BackfillProgress(BackfillPlan plan, IngestionMetrics metrics, Clock clock) {
        this.plan = plan;
        this.clock = clock;
        this.started = clock.instant();
        String featureSet = plan.spec().name();
        metrics.jobGauge("freshet.backfill.progress", "Share of the backfill's time range done, 0 to 1", featureSet,
                "backfill", this, p -> p.share);
        metrics.jobGauge("freshet.backfill.rows", "Rows the backfill's current run has read", featureSet, "backfill",
                this, p -> p.rows);
        metrics.jobGauge("freshet.backfill.rows.per.second", "Rows per second the backfill's current run reads",
                featureSet, "backfill", this, p -> p.rowsPerSecond);
        metrics.jobGauge("freshet.backfill.remaining", "Estimated time the backfill needs to finish, seconds",
                featureSet, "backfill", this, p -> p.remainingSeconds);
    }

    /** Slice {@code slice} was committed by an earlier run. */
    void committedBefore(BackfillPlan.Slice slice) {
        share = plan.shareDone(slice);
    }

    /** Slice {@code slice} is done: it read what {@code outcome} says. */
    void sliceDone(BackfillPlan.Slice slice, BatchOutcome outcome, Duration took) {
        if (Double.isNaN(shareAtStart)) {
            shareAtStart = share;
        }
        share = plan.shareDone(slice);
        rows += outcome.records();
        double elapsed = Math.max(1, Duration.between(started, clock.instant()).toMillis()) / 1000.0;
        rowsPerSecond = rows / elapsed;
        double doneThisRun = share - shareAtStart;
        remainingSeconds = doneThisRun <= 0 ? Double.NaN : elapsed / doneThisRun * (1 - share);
        LOG.info("feature set {}: backfill {} slice {}/{} (event times {} to {}) read {} rows: appended {}, already"
                + " stored {}, dead-lettered {} {} in {} ms; {}% of the range done, {} rows/s, about {} left",
                plan.spec().name(), plan.id(), slice.index() + 1, plan.slices().size(), slice.from(), slice.until(),
                outcome.records(), outcome.written(), outcome.stale(), outcome.deadLettered(), outcome.deadLetters(),
                took.toMillis(), Math.round(share * 1000) / 10.0, Math.round(rowsPerSecond),
                Double.isNaN(remainingSeconds) || remainingSeconds < 1 ? "0s"
                        : DurationLiteral.format(Duration.ofSeconds(Math.round(remainingSeconds))));
    }

    /** The share of the time range done, from 0 to 1. */
    double share() {
        return share;
    }

    /** The run finished. */
    void finished() {
        share = 1;
        remainingSeconds = 0;
    }
}
