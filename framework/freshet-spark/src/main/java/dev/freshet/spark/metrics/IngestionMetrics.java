package dev.freshet.spark.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of ingestion, recorded on the driver after each micro-batch from the batch's own results
 * (executors never touch a meter registry: that would only work in local mode). Tags: {@code feature.set} and
 * {@code job} ({@code online}, {@code offline}). {@code docs/operations.md} says what each means and what to alert on.
 *
 * <ul>
 *   <li>{@code freshet.records.read} — source records a batch handled (each one written, stale or dead-lettered);
 *   <li>{@code freshet.records.written} — feature rows applied to the store, by this process (a batch replayed
 *       after a crash counts again);
 *   <li>{@code freshet.records.stale} — feature rows skipped because the store held a newer event for the key;
 *   <li>{@code freshet.records.dead.lettered}, tagged {@code reason} — records sent to the dead-letter topic;
 *   <li>{@code freshet.records.skipped}, tagged {@code reason} — records a Kafka job read and left to another: with
 *       {@code before_backfill_end}, events before the feature set's backfill end, which the backfill took;
 *   <li>{@code freshet.checkpoint.records.written}, {@code .stale}, {@code .dead.lettered} (function counters) — the
 *       same since the job's checkpoint was created, exactly once across restarts of the job and the process;
 *   <li>{@code freshet.batches} and {@code freshet.batch.duration} — micro-batches and their duration;
 *   <li>{@code freshet.output.write.duration}, tagged {@code output} — the time one partition of a batch spent writing
 *       an output (for the Redis store: its write latency per partition);
 *   <li>{@code freshet.event.time.newest} (gauge, epoch seconds) and {@code freshet.freshness} (gauge, seconds) — the
 *       newest event time the job has written, and how long before now it is;
 *   <li>{@code freshet.job.failures}, tagged {@code outcome} ({@code restarting}, {@code given-up}) and {@code cause}
 *       (the simple class name of the cause) — a supervised job stopped by a failure (a store or broker that did not
 *       answer fails the batch, and counts here);
 *   <li>{@code freshet.job.restarts} — a supervised job started again after a failure;
 *   <li>{@code freshet.job.up} (gauge) — 1 while a supervised job's query runs, else 0;
 *   <li>{@code freshet.consistency.checks}, {@code freshet.consistency.mismatches} (tagged {@code kind}:
 *       {@code different}, {@code missing-online}), {@code freshet.consistency.keys.skipped} (tagged {@code reason})
 *       and {@code freshet.consistency.match.ratio} (gauge, the last check's) — consistency checks (tag
 *       {@code feature.set} only).
 * </ul>
 */
public final class IngestionMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, JobState> jobs = new ConcurrentHashMap<>();
    private final Map<String, ConsistencyState> consistency = new ConcurrentHashMap<>();

    /** What the gauges and function counters of one job read; outlives restarts of the job's query. */
    private static final class JobState {
        volatile BatchOutcome lifetime = new BatchOutcome(0, 0, Map.of());
        volatile Instant newestEvent;
        /** The reasons whose function counter is registered. */
        final java.util.Set<String> reasons = ConcurrentHashMap.newKeySet();
    }

    /** Metrics recorded in {@code registry}; freshness is measured on {@code clock}. */
    public IngestionMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Records one completed batch.
     *
     * @param lifetime    the job's totals since its checkpoint was created, this batch included
     * @param newestEvent the newest event time the job has written, if any
     */
    public void batchCompleted(String featureSet, String job, BatchOutcome outcome, Duration duration,
            BatchOutcome lifetime, Optional<Instant> newestEvent) {
        counter("freshet.records.read", "Source records a batch handled: written, stale or dead-lettered", featureSet,
                job).increment(outcome.records());
        counter("freshet.records.written", "Feature rows applied to the store", featureSet, job)
                .increment(outcome.written());
        counter("freshet.records.stale", "Feature rows older than what the store holds", featureSet, job)
                .increment(outcome.stale());
        outcome.deadLetters().forEach((reason, count) -> Counter.builder("freshet.records.dead.lettered")
                .description("Records sent to the dead-letter topic")
                .tag("feature.set", featureSet)
                .tag("job", job)
                .tag("reason", reason.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment(count));
        counter("freshet.batches", "Completed micro-batches", featureSet, job).increment();
        Timer.builder("freshet.batch.duration")
                .description("Duration of a micro-batch's writes")
                .tag("feature.set", featureSet)
                .tag("job", job)
                .register(registry)
                .record(duration);
        JobState state = state(featureSet, job);
        state.lifetime = lifetime;
        newestEvent.ifPresent(t -> state.newestEvent = t);
        for (String reason : lifetime.deadLetters().keySet()) {
            if (state.reasons.add(reason)) {
                FunctionCounter.builder("freshet.checkpoint.records.dead.lettered", state,
                                s -> s.lifetime.deadLetters().getOrDefault(reason, 0L))
                        .description("Records sent to the dead-letter topic since the job's checkpoint was created")
                        .tag("feature.set", featureSet).tag("job", job).tag("reason", reason.toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    /**
     * Registers the meters of one job that read its state rather than count events: its totals since its checkpoint
     * was created, and its freshness. Idempotent.
     */
    private JobState state(String featureSet, String job) {
        return jobs.computeIfAbsent(featureSet + "\u0000" + job, k -> {
            JobState state = new JobState();
            functionCounter("freshet.checkpoint.records.written",
                    "Feature rows applied to the store since the job's checkpoint was created", featureSet, job,
                    state, s -> s.lifetime.written());
            functionCounter("freshet.checkpoint.records.stale",
                    "Feature rows older than what the store holds, since the job's checkpoint was created", featureSet,
                    job, state, s -> s.lifetime.stale());
            Gauge.builder("freshet.event.time.newest", state,
                            s -> s.newestEvent == null ? Double.NaN : s.newestEvent.toEpochMilli() / 1000.0)
                    .description("Newest event time the job has written, epoch seconds").baseUnit("seconds")
                    .tag("feature.set", featureSet).tag("job", job).strongReference(true).register(registry);
            Gauge.builder("freshet.freshness", state, s -> s.newestEvent == null ? Double.NaN
                            : Duration.between(s.newestEvent, clock.instant()).toMillis() / 1000.0)
                    .description("How long before now the newest event the job has written is").baseUnit("seconds")
                    .tag("feature.set", featureSet).tag("job", job).strongReference(true).register(registry);
            return state;
        });
    }

    /**
     * Counts {@code count} records a batch read but left to another job, by {@code reason}
     * ({@code freshet.records.skipped}): a Kafka job leaves the events before a backfill's end to the backfill.
     */
    public void recordsSkipped(String featureSet, String job, String reason, long count) {
        Counter.builder("freshet.records.skipped")
                .description("Records a batch read and left to another job, such as events before a backfill's end")
                .tag("feature.set", featureSet)
                .tag("job", job)
                .tag("reason", reason)
                .register(registry)
                .increment(count);
    }

    /**
     * Counts {@code records} an auxiliary output (a sink) of {@code featureSet}'s {@code job} wrote in a batch:
     * {@code freshet.output.records{feature.set, job, output}}.
     */
    public void outputRecords(String featureSet, String job, String output, long records) {
        Counter.builder("freshet.output.records").description("Records an auxiliary output (a Kafka sink) wrote")
                .tag("feature.set", featureSet).tag("job", job).tag("output", output).register(registry)
                .increment(records);
    }

    /**
     * Records how long one partition of a batch (for a dataset output such as the Delta table: the whole batch) spent
     * writing {@code output} ({@code online-store}, {@code offline-store}), mostly waiting for its store.
     */
    public void outputWritten(String featureSet, String job, String output, Duration spent) {
        Timer.builder("freshet.output.write.duration")
                .description("Time a partition of a batch spent writing one output, mostly waiting for its store")
                .tag("feature.set", featureSet).tag("job", job).tag("output", output)
                .register(registry).record(spent);
    }

    /** Records the result of one consistency check. */
    public void consistencyChecked(dev.freshet.spark.consistency.ConsistencyReport report) {
        String featureSet = report.featureSet();
        Counter.builder("freshet.consistency.checks").description("Consistency checks run")
                .tag("feature.set", featureSet).register(registry).increment();
        long different = report.features().values().stream().mapToLong(f -> f.mismatched()).sum();
        long missing = report.features().values().stream().mapToLong(f -> f.missingOnline()).sum();
        Counter.builder("freshet.consistency.mismatches").description("Feature values the stores disagree on")
                .tag("feature.set", featureSet).tag("kind", "different").register(registry).increment(different);
        Counter.builder("freshet.consistency.mismatches").description("Feature values the stores disagree on")
                .tag("feature.set", featureSet).tag("kind", "missing-online").register(registry).increment(missing);
        report.skipped().forEach((reason, n) -> Counter.builder("freshet.consistency.keys.skipped")
                .description("Sampled keys a consistency check could not compare").tag("feature.set", featureSet)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry).increment(n));
        ConsistencyState state = consistency.computeIfAbsent(featureSet, name -> {
            ConsistencyState created = new ConsistencyState();
            Gauge.builder("freshet.consistency.match.ratio", created, c -> c.ratio)
                    .description("Share of the comparisons of the last consistency check that matched")
                    .tag("feature.set", name).strongReference(true).register(registry);
            return created;
        });
        state.ratio = report.matchRatio();
    }

    /** The last consistency check of a feature set, as its gauge reads it. */
    private static final class ConsistencyState {
        volatile double ratio = Double.NaN;
    }

    /**
     * Records a failure of a supervised job: restarted next, or {@code givenUp}.
     *
     * @param cause the simple class name of the failure's cause, such as {@code FreshetException}
     */
    public void jobFailed(String featureSet, String job, boolean givenUp, String cause) {
        Counter.builder("freshet.job.failures").description("Failures of a supervised job")
                .tag("feature.set", featureSet).tag("job", job).tag("outcome", givenUp ? "given-up" : "restarting")
                .tag("cause", cause).register(registry).increment();
    }

    /** Records a restart of a supervised job after a failure. */
    public void jobRestarted(String featureSet, String job) {
        counter("freshet.job.restarts", "Restarts of a supervised job after a failure", featureSet, job).increment();
    }

    /** Registers the gauge {@code freshet.job.up} of one supervised job, 1 while {@code running} says so. */
    public void jobUp(String featureSet, String job, BooleanSupplier running) {
        Gauge.builder("freshet.job.up", running, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while the job's query runs, else 0")
                .tag("feature.set", featureSet).tag("job", job).strongReference(true).register(registry);
    }

    /** Registers a gauge of one job ({@code freshet.source.records.behind}, say), reading {@code value}. */
    public <T> void jobGauge(String name, String description, String featureSet, String job, T source,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).tag("feature.set", featureSet).tag("job", job)
                .strongReference(true).register(registry);
    }

    private <T> void functionCounter(String name, String description, String featureSet, String job, T source,
            ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).tag("feature.set", featureSet)
                .tag("job", job).register(registry);
    }

    private Counter counter(String name, String description, String featureSet, String job) {
        return Counter.builder(name).description(description).tag("feature.set", featureSet).tag("job", job)
                .register(registry);
    }
}
