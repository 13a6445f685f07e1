package dev.freshet.boot;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *   <li>{@link #runNow} runs a feature set's job immediately (for operators), under the same lease.
 * </ul>
 *
 * Runs go one at a time on a thread of their own, so that offline work never competes with itself for Spark's cores;
 * progress and outcomes are logged and counted ({@code freshet.offline.runs{feature.set, outcome}}, the outcome being
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
    private final Set<String> running = ConcurrentHashMap.newKeySet();
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
                submit(name);
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
     * whether or not the scheduler has been started).
     *
     * @return the run, or empty if a run of it is already going on (here or in another instance)
     * @throws LeaseLostException if the run lost its lease while it went on (another instance holds it, or it expired
     *         while Redis could not be reached) and was stopped
     * @throws dev.freshet.core.error.FreshetException if the run failed, or Redis cannot be reached
     */
    public Optional<OfflineRun> runNow(String featureSet) {
        engine.catalog().get(featureSet);
        if (!running.add(featureSet)) {
            LOG.info("Freshet: an offline run of feature set {} is already queued or going on here", featureSet);
            return Optional.empty();
        }
        try {
            return runLeased(featureSet);
        } finally {
            running.remove(featureSet);
        }
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
            submit(name);
            scheduleNext(name);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void submit(String name) {
        if (!running.add(name)) {
            LOG.info("Freshet: offline run of feature set {} is still queued or going on; skipping this tick", name);
            count(name, "skipped");
            return;
        }
        runner.submit(() -> {
            try {
                if (!stopping) {
                    runLeased(name);
                }
            } catch (LeaseLostException e) {
                LOG.warn("Freshet: {}", e.getMessage());
            } catch (RuntimeException e) {
                if (stopping) {
                    LOG.info("Freshet: offline run of feature set {} stopped with the application; the next run"
                            + " resumes from its checkpointed offsets", name);
                } else {
                    LOG.error("Freshet: offline run of feature set {} failed: {}; the next run starts from the same"
                            + " offsets", name, e.getMessage(), e);
                }
            } finally {
                running.remove(name);
            }
        });
    }

    /** Runs {@code name}'s job under its lease, and counts the outcome. */
    private Optional<OfflineRun> runLeased(String name) {
        Optional<LeaseKeeper> acquired;
        try {
            acquired = LeaseKeeper.acquire(coordinator, name, owner, properties.offline().leaseTtl(),
                    () -> engine.stopOffline(name), meters);
        } catch (RuntimeException e) {
            count(name, "failed");
            throw e;
        }
        if (acquired.isEmpty()) {
            LOG.info("Freshet: offline run of feature set {} skipped: {} holds its lease", name,
                    coordinator.holder(runName(name)).orElse("another instance"));
            count(name, "skipped");
            return Optional.empty();
        }
        try (LeaseKeeper lease = acquired.get()) {
            LOG.info("Freshet: offline run of feature set {} started", name);
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
                count(name, "lease-lost");
                throw new LeaseLostException(name, lease.lease(), lost.get(), failure);
            }
            if (failure != null) {
                count(name, stopping ? "stopped" : "failed");
                throw failure;
            }
            if (run.isEmpty()) {
                count(name, "skipped");
                return run;
            }
            count(name, "completed");
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
