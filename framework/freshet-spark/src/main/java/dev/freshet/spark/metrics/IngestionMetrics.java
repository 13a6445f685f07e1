package dev.freshet.spark.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Micrometer meters of ingestion, recorded on the driver after each micro-batch from the batch's own results
 * (executors never touch a meter registry: that would only work in local mode). Tags: {@code feature.set} and
 * {@code job} ({@code online}, later {@code offline}, {@code backfill}).
 *
 * <ul>
 *   <li>{@code freshet.records.written} — feature rows applied to the store;
 *   <li>{@code freshet.records.stale} — feature rows skipped because the store held a newer event for the key;
 *   <li>{@code freshet.records.dead.lettered}, tagged {@code reason} — records sent to the dead-letter topic;
 *   <li>{@code freshet.batches} and {@code freshet.batch.duration} — micro-batches and their duration.
 * </ul>
 */
public final class IngestionMetrics {

    private final MeterRegistry registry;

    /** Metrics recorded in {@code registry}. */
    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one completed batch. */
    public void batchCompleted(String featureSet, String job, BatchOutcome outcome, Duration duration) {
        counter("freshet.records.written", "Feature rows applied to the store", featureSet, job)
                .increment(outcome.written());
        counter("freshet.records.stale", "Feature rows older than what the store holds", featureSet, job)
                .increment(outcome.stale());
        outcome.deadLetters().forEach((reason, count) -> Counter.builder("freshet.records.dead.lettered")
                .description("Records sent to the dead-letter topic")
                .tag("feature.set", featureSet)
                .tag("job", job)
                .tag("reason", reason.toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment(count));
        counter("freshet.batches", "Completed micro-batches", featureSet, job).increment();
        Timer.builder("freshet.batch.duration")
                .description("Duration of a micro-batch's writes")
                .tag("feature.set", featureSet)
                .tag("job", job)
                .register(registry)
                .record(duration);
    }

    private Counter counter(String name, String description, String featureSet, String job) {
        return Counter.builder(name).description(description).tag("feature.set", featureSet).tag("job", job)
                .register(registry);
    }
}
