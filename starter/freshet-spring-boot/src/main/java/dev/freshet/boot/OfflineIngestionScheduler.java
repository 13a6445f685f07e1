package dev.freshet.boot;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.schedule.CronSchedule;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.offline.OfflineRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs each feature set's offline job on its cron schedule (the annotation's {@code offlineSchedule}, or
 * {@code freshet.feature-sets.<name>.offline-schedule}), in {@code freshet.offline.time-zone} (UTC by default).
 *
 * <ul>
 *   <li><b>Never twice at once</b>, even across instances of the application: a run first takes a lease in Redis
 *       ({@link RunCoordinator}), renewed while the run goes on and expiring by itself if the instance dies. A tick
 *       that finds a run going on, here or elsewhere, is skipped. A renewal that fails is retried on the next tick; a
 *       run that loses its lease (another instance holds it, or it expired) is stopped at once and reported
 *       ({@link LeaseKeeper}, {@link LeaseLostException}).
 *   <li><b>Missed runs</b>: each run reads everything since the previous one (its own checkpointed offsets), so
 *       skipped or missed ticks lose nothing. With {@code freshet.offline.catch-up-on-start} (the default), a feature
 *       set whose last completed run is older than its last scheduled tick runs once when the application starts;
 *       ticks are never queued up.
 *   <li>{@link #runNow} runs a feature set's job immediately (for operators), under the same lease, in the caller's
 *       thread: after the run of it queued or going on here, if any (such as the catch-up run of the start), which
 *       it waits for, so that it returns once the table holds everything the source held when it was called.
 * </ul>
 *
 * Scheduled runs go one at a time on a thread of their own, so that offline work never competes with itself for
 * Spark's cores; progress and outcomes are logged (each run's start says what started it: the start-up catch-up, the
 * schedule or {@code runNow}) and counted ({@code freshet.offline.runs{feature.set, outcome}}, the outcome being
 * {@code completed}, {@code skipped}, {@code failed}, {@code lease-lost} or {@code stopped} when the application
 * stopped it).
 */
public class OfflineIngestionScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineIngestionScheduler.class);

    private final FreshetEngine engine;
    private final RunCoordinator coordinator;
    private final FreshetProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> lastCompleted = new ConcurrentHashMap<>();
    private final Clock clock;
    private final String owner;
    private final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
    private final Map<String, Instant> nextRuns = new ConcurrentHashMap<>();
    private final Map<String, FeatureSetReport.Outcome> lastOutcomes = new ConcurrentHashMap<>();
    /** The run of each feature set queued or going on here, which {@link #runNow} waits for and ticks skip. */
    private final Map<String, RunSlot> runs = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService runner;
    private volatile boolean stopping;

    /** A scheduler of {@code engine}'s offline jobs. */
    public OfflineIngestionScheduler(FreshetEngine engine, RunCoordinator coordinator, FreshetProperties properties,
            MeterRegistry meters, Clock clock) {
        this.engine = engine;
        this.coordinator = coordinator;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.owner = host() + "/" + UUID.randomUUID();
        Duration ttl = properties.offline().leaseTtl();
        if (ttl.isNegative() || ttl.isZero()) {
            throw FreshetErrors.invalidSetting(null, "freshet.offline.lease-ttl", ttl.toString(),
                    "is not positive; use a duration such as 10m (a run renews its lease every third of it)");
        }
        for (String name : enabledFeatureSets()) {
            FeatureSetSpec spec = engine.catalog().get(name);
            String override = properties.featureSet(name).offlineSchedule();
            String cron = override != null ? override : spec.offlineSchedule();
            Optional<String> problem = CronSchedule.problem(cron);
            if (problem.isPresent()) {
                throw FreshetErrors.invalidSetting(name, "freshet.feature-sets." + name + ".offline-schedule", cron,
                        problem.get() + ": write five fields (minute hour day-of-month month day-of-week), such as"
                                + " \"*/30 * * * *\"");
            }
            schedules.put(name, CronSchedule.parse(cron));
        }
    }

    @Override
    public synchronized void start() {
        stopping = false;
        timer = Executors.newSingleThreadScheduledExecutor(daemon("freshet-offline-scheduler"));
        runner = Executors.newSingleThreadExecutor(daemon("freshet-offline-run"));
        ZoneId zone = properties.offline().timeZone();
        Instant now = clock.instant();
        for (Map.Entry<String, CronSchedule> e : schedules.entrySet()) {
            String name = e.getKey();
            if (properties.offline().catchUpOnStart()
                    && missedTick(e.getValue(), zone, now, coordinator.lastCompleted(runName(name)))) {
                LOG.info("Freshet: feature set {} missed its offline run at {}: running it now", name,
                        e.getValue().lastRunAtOrBefore(now, zone).orElseThrow());
                submit(name, Origin.START_UP);
            }
            scheduleNext(name);
            LOG.info("Freshet: offline job of feature set {} scheduled \"{}\" ({}, {}), next run {}", name,
                    e.getValue().expression(), e.getValue().describe(), zone, nextRuns.get(name));
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            stopping = true;
            timer.shutdownNow();
            // Not shutdownNow: queued runs see `stopping` and never start, and the run going on is stopped through
            // the engine (only this engine's runs: other engines may share the SparkSession), not interrupted.
            runner.shutdown();
            engine.catalog().names().forEach(engine::stopOffline);
            try {
                runner.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
            runner = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** Starts after the online jobs, stops before them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 256;
    }

    /**
     * Runs {@code featureSet}'s offline job now, in the calling thread, under the same lease as scheduled runs (kept
     * whether or not the scheduler has been started), and blocks until the offline table holds every record the source
     * held when it was called.
     *
     * <p>It blocks on, in turn:
     * <ol>
     *   <li>the run of the feature set queued or going on in this application, if any — the catch-up run of the
     *       application's start ({@code freshet.offline.catch-up-on-start}), a scheduled run, or another
     *       {@code runNow} — until it ends, whatever its outcome. That run is not enough on its own: it may have fixed
     *       the end of what it reads before the call;
     *   <li>taking the lease in Redis (one request);
     *   <li>its own run, until it has caught up with the source;
     *   <li>recording the run's completion in Redis.
     * </ol>
     * Right after start-up it so waits for the catch-up run, and its own run then often appends nothing:
     * {@link OnDemandRun#waitedFor} holds the catch-up run and what it appended. A run of the feature set going on in
     * another instance is not waited for.
     *
     * @return what it did; empty only if another instance of the application holds the feature set's lease (its run is
     *     going on there): then nothing ran here, and nothing was waited for
     * @throws LeaseLostException if its run lost its lease while it went on (another instance holds it, or it expired
     *         while Redis could not be reached) and was stopped
     * @throws dev.freshet.core.error.FreshetException if its run failed, Redis cannot be reached, the application
     *         stopped while it waited, or the calling thread was interrupted while it waited
     */
    public Optional<OnDemandRun> runNow(String featureSet) {
        engine.catalog().get(featureSet);
        boolean stoppingAtCall = stopping;
        RunSlot mine = new RunSlot(Origin.RUN_NOW);
        List<OfflineRun> waitedFor = new ArrayList<>();
        Optional<OfflineRun> run = Optional.empty();
        try {
            for (RunSlot other = runs.putIfAbsent(featureSet, mine); other != null;
                    other = runs.putIfAbsent(featureSet, mine)) {
                LOG.info("Freshet: runNow of feature set {} waits for the run queued or going on here ({}) to end;"
                        + " then it runs the job again for what came since", featureSet, other.origin.description);
                other.await(featureSet).ifPresent(waitedFor::add);
            }
            if (stopping && !stoppingAtCall) {
                throw new FreshetException(featureSet, "runNow did not run the offline job: the application stopped"
                        + " while it waited for the run going on; the next run resumes from its checkpointed offsets",
                        null);
            }
            run = runLeased(featureSet, Origin.RUN_NOW);
            if (run.isPresent() && !waitedFor.isEmpty()) {
                LOG.info("Freshet: runNow of feature set {} appended {} rows after waiting for runs that appended {}:"
                        + " the table holds everything the source held when it was called", featureSet,
                        run.get().written(), waitedFor.stream().mapToLong(OfflineRun::written).sum());
            }
            return run.map(r -> new OnDemandRun(waitedFor, r));
        } finally {
            // Out of the map first, so that a waiter woken by the completion finds the place free.
            runs.remove(featureSet, mine);
            mine.done.complete(run);
        }
    }

    /**
     * The cron expression {@code featureSet}'s offline job runs on here (its {@code freshet.feature-sets.*} override,
     * else the declared one), if this scheduler schedules it.
     */
    public Optional<String> schedule(String featureSet) {
        return Optional.ofNullable(schedules.get(featureSet)).map(CronSchedule::expression);
    }

    /** When each scheduled feature set runs next. */
    public Map<String, Instant> nextRuns() {
        return Map.copyOf(nextRuns);
    }

    /**
     * Whether a tick of {@code schedule} at or before {@code now} came after the last completed run: the application
     * was down, or a run failed, when it was due.
     */
    static boolean missedTick(CronSchedule schedule, ZoneId zone, Instant now, Optional<Instant> lastCompleted) {
        Optional<Instant> due = schedule.lastRunAtOrBefore(now, zone);
        return due.isPresent() && (lastCompleted.isEmpty() || lastCompleted.get().isBefore(due.get()));
    }

    private void scheduleNext(String name) {
        Instant now = clock.instant();
        Optional<Instant> next = schedules.get(name).nextRunAfter(now, properties.offline().timeZone());
        if (next.isEmpty()) {
            LOG.warn("Freshet: the offline schedule of feature set {} never runs again", name);
            return;
        }
        nextRuns.put(name, next.get());
        long delay = Math.max(0, Duration.between(now, next.get()).toMillis());
        timer.schedule(() -> {
            submit(name, Origin.SCHEDULED);
            scheduleNext(name);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void submit(String name, Origin origin) {
        RunSlot slot = new RunSlot(origin);
        if (runs.putIfAbsent(name, slot) != null) {
            LOG.info("Freshet: offline run of feature set {} is still queued or going on; skipping this tick", name);
            count(name, "skipped");
            return;
        }
        try {
            runner.submit(() -> {
                Optional<OfflineRun> run = Optional.empty();
                try {
                    if (!stopping) {
                        run = runLeased(name, origin);
                    }
                } catch (LeaseLostException e) {
                    LOG.warn("Freshet: {}", e.getMessage());
                } catch (RuntimeException e) {
                    if (stopping) {
                        LOG.info("Freshet: offline run of feature set {} stopped with the application; the next run"
                                + " resumes from its checkpointed offsets", name);
                    } else {
                        LOG.error("Freshet: offline run of feature set {} failed: {}; the next run starts from the"
                                + " same offsets", name, e.getMessage(), e);
                    }
                } finally {
                    runs.remove(name, slot);
                    slot.done.complete(run);
                }
            });
        } catch (RejectedExecutionException e) {
            // The scheduler stopped between the tick and the submission: nothing runs, and nobody must keep waiting.
            runs.remove(name, slot);
            slot.done.complete(Optional.empty());
        }
    }

    /** Runs {@code name}'s job under its lease, and counts the outcome. */
    private Optional<OfflineRun> runLeased(String name, Origin origin) {
        Optional<LeaseKeeper> acquired;
        try {
            acquired = LeaseKeeper.acquire(coordinator, name, owner, properties.offline().leaseTtl(),
                    () -> engine.stopOffline(name), meters);
        } catch (RuntimeException e) {
            ended(name, "failed", e.getMessage());
            throw e;
        }
        if (acquired.isEmpty()) {
            LOG.info("Freshet: offline run of feature set {} ({}) skipped: {} holds its lease", name,
                    origin.description, coordinator.holder(runName(name)).orElse("another instance"));
            ended(name, "skipped", null);
            return Optional.empty();
        }
        try (LeaseKeeper lease = acquired.get()) {
            LOG.info("Freshet: offline run of feature set {} started ({})", name, origin.description);
            Optional<OfflineRun> run = Optional.empty();
            RuntimeException failure = null;
            try {
                run = engine.runOffline(name);
            } catch (Exception e) {
                // Spark and Delta throw checked exceptions undeclared (AnalysisException): count those too.
                failure = e instanceof RuntimeException r ? r : FreshetErrors.jobFailed(name, "offline", e);
            }
            // Settle the lease before judging the run: a run stopped because it lost its lease is reported as such.
            lease.stopRenewing();
            Optional<String> lost = lease.lost();
            if (lost.isPresent()) {
                LeaseLostException lostLease = new LeaseLostException(name, lease.lease(), lost.get(), failure);
                ended(name, "lease-lost", lostLease.getMessage());
                throw lostLease;
            }
            if (failure != null) {
                ended(name, stopping ? "stopped" : "failed", failure.getMessage());
                throw failure;
            }
            if (run.isEmpty()) {
                ended(name, "skipped", null);
                return run;
            }
            ended(name, "completed", null);
            completed(run.get());
            try {
                // On the scheduler's clock, not the engine's: missed ticks are judged against this instant.
                coordinator.recordCompleted(lease.lease(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Freshet: offline run of feature set {} completed, but Redis could not record it: {}; the"
                        + " next start may run it once more to catch up", name, e.getMessage());
            }
            return run;
        }
    }

    private List<String> enabledFeatureSets() {
        List<String> selected = properties.offline().featureSets();
        selected.forEach(engine.catalog()::get);
        List<String> enabled = new ArrayList<>();
        for (String name : engine.catalog().names()) {
            Boolean override = properties.featureSet(name).offlineEnabled();
            if (override != null ? override : selected.isEmpty() || selected.contains(name)) {
                enabled.add(name);
            }
        }
        return enabled;
    }

    /**
     * How the last run of {@code featureSet} tried in this application ended (completed, failed, lost its lease, was
     * stopped or skipped because another instance held its lease), if one was tried.
     */
    public Optional<FeatureSetReport.Outcome> lastOutcome(String featureSet) {
        return Optional.ofNullable(lastOutcomes.get(featureSet));
    }

    /** Counts the outcome of a run and keeps it as the feature set's last. */
    private void ended(String name, String outcome, String error) {
        count(name, outcome);
        lastOutcomes.put(name, new FeatureSetReport.Outcome(outcome, clock.instant().toString(), error));
    }

    private void count(String name, String outcome) {
        meters.counter("freshet.offline.runs", "feature.set", name, "outcome", outcome).increment();
    }

    /** The meters of a completed run: its duration, the rows it appended, and when the last one completed. */
    private void completed(OfflineRun run) {
        String name = run.featureSet();
        Timer.builder("freshet.offline.run.duration").description("Duration of completed offline runs")
                .tag("feature.set", name).register(meters).record(run.duration());
        meters.counter("freshet.offline.rows.appended", "feature.set", name).increment(run.written());
        lastCompleted.computeIfAbsent(name, n -> {
            AtomicLong last = new AtomicLong();
            Gauge.builder("freshet.offline.last.completed", last, AtomicLong::get)
                    .description("When the last offline run completed, epoch seconds").baseUnit("seconds")
                    .tag("feature.set", n).register(meters);
            return last;
        }).set(run.finished().getEpochSecond());
    }

    /** What started a run, for the logs and for those who wait for it. */
    private enum Origin {
        START_UP("the catch-up run of the application's start"),
        SCHEDULED("a scheduled run"),
        RUN_NOW("a runNow");

        private final String description;

        Origin(String description) {
            this.description = description;
        }
    }

    /** A run queued or going on, and how it ended: the run if it completed, empty if not. */
    private static final class RunSlot {
        private final Origin origin;
        private final CompletableFuture<Optional<OfflineRun>> done = new CompletableFuture<>();

        RunSlot(Origin origin) {
            this.origin = origin;
        }

        /** Waits for the run to end; its failure is reported to whoever started it, not to those who wait. */
        Optional<OfflineRun> await(String featureSet) {
            try {
                return done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FreshetException(featureSet, "runNow was interrupted while it waited for "
                        + origin.description + " to end; it did not run the offline job", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a run slot is only ever completed normally", e);
            }
        }
    }

    private static String runName(String featureSet) {
        return LeaseKeeper.leaseName(featureSet);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
