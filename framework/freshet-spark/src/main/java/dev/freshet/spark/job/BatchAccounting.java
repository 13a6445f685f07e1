package dev.freshet.spark.job;

import dev.freshet.core.job.JobKind;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.output.Output;
import dev.freshet.spark.output.OutputCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one per-batch accounting of every job, on the driver: one batch's counts become its {@link BatchOutcome}, the
 * Micrometer meters, one log line, and the job's running totals.
 */
final class BatchAccounting {

    private static final Logger LOG = LoggerFactory.getLogger(BatchAccounting.class);

    private final String featureSet;
    private final JobKind kind;
    private final IngestionMetrics metrics;
    private final JobTotals totals;
    private final Clock clock;

    BatchAccounting(String featureSet, JobKind kind, IngestionMetrics metrics, JobTotals totals, Clock clock) {
        this.featureSet = featureSet;
        this.kind = kind;
        this.metrics = metrics;
        this.totals = totals;
        this.clock = clock;
    }

    /** Records how long one partition (or, for a dataset output, the whole batch) spent writing {@code output}. */
    void outputWritten(Output output, Duration spent) {
        metrics.outputWritten(featureSet, kind.label(), output.name(), spent);
    }

    /**
     * Records batch {@code batchId}: what each output did ({@code counts}, in output order), the dead letters, and the
     * records the job left to another by reason ({@code skipped}, such as {@link dev.freshet.spark.backfill.HandOff#REASON}).
     */
    void record(long batchId, List<Output> outputs, List<OutputCounts> counts, Map<String, Long> deadLetters,
            Map<String, Long> skipped, Duration duration) {
        OutputCounts sum = OutputCounts.NONE;
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).countsRecords()) {
                sum = sum.plus(counts.get(i));
            } else {
                metrics.outputRecords(featureSet, kind.label(), outputs.get(i).name(), counts.get(i).written());
            }
        }
        BatchOutcome outcome = new BatchOutcome(sum.written(), sum.skipped(), deadLetters);
        totals.add(batchId, outcome, sum.newestEventMillis(), clock.instant());
        metrics.batchCompleted(featureSet, kind.label(), outcome, duration, totals.lifetime(),
                totals.newestEventTime());
        skipped.forEach((reason, n) -> metrics.recordsSkipped(featureSet, kind.label(), reason, n));
        if (!skipped.isEmpty()) {
            LOG.info("feature set {}: {} batch {} left {} records to the backfill (event time before its end {})",
                    featureSet, kind.label(), batchId, skipped.values().stream().mapToLong(Long::longValue).sum(),
                    skipped.keySet());
        }
        if (outcome.records() > 0) {
            StringJoiner what = new StringJoiner("; ");
            for (int i = 0; i < outputs.size(); i++) {
                what.add(outputs.get(i).describe(counts.get(i)));
            }
            LOG.info("feature set {}: {} batch {} {}; dead-lettered {} {} in {} ms", featureSet, kind.label(), batchId,
                    what, outcome.deadLettered(), outcome.deadLetters(), duration.toMillis());
        }
    }
}
