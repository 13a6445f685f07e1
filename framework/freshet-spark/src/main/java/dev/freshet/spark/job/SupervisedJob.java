package dev.freshet.spark.job;

import dev.freshet.core.job.JobKind;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A continuous job kept running: when its query fails, a thread of its own starts it again from its checkpoint after
 * the {@link RestartPolicy}'s back-off, until a restart cannot fix the failure ({@link JobFailure#restartCanFix}) or the
 * job has been failing for longer than the policy allows; then it is given up, loudly. Each failure and each restart
 * is logged once with its cause and reported to a {@link Listener}; {@link #status()} says where the job stands. A
 * restarted job is {@link JobStatus.State#RUNNING} again only once its new query has got through a trigger. A first
 * start that fails (a source topic missing, Kafka not answering) is a failure like any other: reported the same way,
 * and restarted or given up by the same rules, so that an application shows it in its health instead of failing to
 * start with it. Thread-safe.
 */
public final class SupervisedJob {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedJob.class);

    private final String featureSet;
    private final JobKind kind;
    private final Supplier<Job> starter;
    private final RestartPolicy policy;
    private final Clock clock;
    private final Listener listener;
    private final Object lock = new Object();
    private Job current;
    private JobStatus status;
    private boolean stopRequested;
    private boolean stopping;
    private boolean stopped;
    private Thread thread;
    // The failure streak, touched only by whoever handles a failure, holding the lock: the caller of start() for a
    // first start that fails, the supervisor thread afterwards.
    private long runStarted;
    private long streakStarted = -1;
    private int streak;
    private Duration nextWait = Duration.ZERO;

    /** Hears of a supervised job's failures and restarts (metrics, for one). */
    public interface Listener {
        /** The job failed; it is restarted next unless {@code givenUp}. */
        void failed(String featureSet, JobKind kind, JobFailure failure, boolean givenUp);

        /** The job was started again after a failure. */
        void restarted(String featureSet, JobKind kind);
    }

    private SupervisedJob(String featureSet, JobKind kind, Supplier<Job> starter, RestartPolicy policy, Clock clock,
            Listener listener) {
        this.featureSet = requireNonNull(featureSet, "featureSet");
        this.kind = requireNonNull(kind, "kind");
        this.starter = requireNonNull(starter, "starter");
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
        this.listener = requireNonNull(listener, "listener");
    }

    /**
     * Starts a job with {@code starter} and supervises it. The first start happens in the caller's thread; if it
     * throws, that is the job's first failure: when this returns, the job is {@link JobStatus.State#RESTARTING} (a
     * restart may fix it) or {@link JobStatus.State#FAILED}, and the failure was logged and reported. Later starts
     * are the supervisor's.
     *
     * @param starter plans and starts the job's query, each time anew
     * @param clock   the clock of reported instants (durations of the policy are measured on the system's timer)
     */
    public static SupervisedJob start(String featureSet, JobKind kind, Supplier<Job> starter, RestartPolicy policy,
            Clock clock, Listener listener) {
        SupervisedJob supervised = new SupervisedJob(featureSet, kind, starter, policy, clock, listener);
        supervised.begin();
        return supervised;
    }

    private void begin() {
        long began = System.nanoTime();
        Job first = null;
        JobFailure failure = null;
        try {
            first = starter.get();
        } catch (RuntimeException e) {
            failure = JobFailure.of(e, clock.instant());
        }
        synchronized (lock) {
            runStarted = began;
            current = first;
            status = new JobStatus(JobStatus.State.RUNNING, clock.instant(), 0, Optional.empty(), Optional.empty());
            if (failure != null && !handle(failure)) {
                return;
            }
            Job started = first;
            thread = new Thread(() -> supervise(started), "freshet-supervisor-" + featureSet + "-" + kind.label());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The feature set. */
    public String featureSet() {
        return featureSet;
    }

    /** Which of its jobs this is. */
    public JobKind kind() {
        return kind;
    }

    /** Where the job stands now. */
    public JobStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    /**
     * The job's current query: the running one, or the last one while it restarts, failed or stopped; {@code null}
     * while no start has succeeded yet.
     */
    public Job current() {
        synchronized (lock) {
            return current;
        }
    }

    /**
     * Stops the job for good: waits up to {@code boundaryTimeout} for the micro-batch being written to finish (a
     * stop at a batch boundary; after the timeout the batch is interrupted, and replayed from the checkpoint by the
     * next start), stops the query and ends supervision.
     */
    public void stop(Duration boundaryTimeout) {
        Job job;
        Thread supervisor;
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
            if (stopping) {
                // Another thread stops the job (at JVM shutdown, the engine's hook and the application's): wait for it.
                awaitStopped(boundaryTimeout.plusSeconds(30));
                return;
            }
            stopping = true;
            job = current;
            supervisor = thread;
        }
        try {
            if (job != null && job.isActive()) {
                job.stopAtBatchBoundary(boundaryTimeout);
            }
            try {
                if (supervisor != null) {
                    supervisor.join(Duration.ofSeconds(30).toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (lock) {
                status = new JobStatus(JobStatus.State.STOPPED, clock.instant(), status.restarts(),
                        status.lastFailure(), Optional.empty());
                stopped = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * Asks the job to stop: from now on a failure is not restarted. {@link #stop} does the stopping; an engine asks all
     * its jobs first, so that none is restarted while it stops the others one by one.
     */
    public void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    /** Waits, holding the lock, until the thread that stops the job has done so, or {@code timeout} passed. */
    private void awaitStopped(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The supervisor's loop: waits for {@code first} (if it started) to fail, and restarts it, as often as allowed. */
    private void supervise(Job first) {
        Job job = first;
        while (true) {
            JobFailure failure;
            try {
                if (job == null) {
                    synchronized (lock) {
                        if (!sleep(nextWait)) {
                            return;
                        }
                        status = new JobStatus(JobStatus.State.RESTARTING, status.since(), status.restarts() + 1,
                                status.lastFailure(), Optional.empty());
                        runStarted = System.nanoTime();
                    }
                    job = starter.get();
                    synchronized (lock) {
                        current = job;
                        if (stopRequested) {
                            job.stop();
                            return;
                        }
                    }
                    // RUNNING only once the new query has got through a trigger: a query that starts and then fails
                    // on the first batch (the store still down) never counts as running.
                    if (awaitFirstTrigger(job)) {
                        synchronized (lock) {
                            status = new JobStatus(JobStatus.State.RUNNING, clock.instant(), status.restarts(),
                                    status.lastFailure(), Optional.empty());
                        }
                        listener.restarted(featureSet, kind);
                        LOG.info("feature set {}: the {} job is running again (restart {})", featureSet,
                                kind.label(), status().restarts());
                    }
                }
                failure = awaitFailure(job);
            } catch (RuntimeException e) {
                failure = JobFailure.of(e, clock.instant());
            }
            boolean sparkStopped = job != null && job.query().sparkSession().sparkContext().isStopped();
            job = null;
            synchronized (lock) {
                if (stopRequested) {
                    return;
                }
                if (sparkStopped) {
                    LOG.info("feature set {}: the {} job ended with its SparkContext, which was stopped; it is not"
                            + " restarted", featureSet, kind.label());
                    status = new JobStatus(JobStatus.State.STOPPED, clock.instant(), status.restarts(),
                            status.lastFailure(), Optional.empty());
                    return;
                }
                if (failure == null) {
                    LOG.warn("feature set {}: the {} job's query was stopped outside Freshet; it is not restarted",
                            featureSet, kind.label());
                    status = new JobStatus(JobStatus.State.STOPPED, clock.instant(), status.restarts(),
                            status.lastFailure(), Optional.empty());
                    return;
                }
                if (!handle(failure)) {
                    return;
                }
            }
        }
    }

    /**
     * Decides, holding the lock, what {@code failure} means: given up (FAILED, an ERROR; false), or a restart after
     * the back-off ({@link #nextWait}; RESTARTING, a WARN; true). Logs and reports it once either way.
     */
    private boolean handle(JobFailure failure) {
        long now = System.nanoTime();
        if (streakStarted < 0 || policy.recovered(Duration.ofNanos(now - runStarted))) {
            streakStarted = now;
            streak = 0;
        }
        Duration failingFor = Duration.ofNanos(now - streakStarted);
        if (!failure.restartCanFix() || policy.givesUp(failingFor)) {
            status = new JobStatus(JobStatus.State.FAILED, failure.at(), status.restarts(), Optional.of(failure),
                    Optional.empty());
            listener.failed(featureSet, kind, failure, true);
            if (!failure.restartCanFix()) {
                LOG.error("feature set {}: the {} job failed, and is not restarted: a restart cannot fix this: {}",
                        featureSet, kind.label(), failure.message(), failure.cause());
            } else {
                LOG.error("feature set {}: the {} job has been failing for {} s ({} restarts): given up, as"
                        + " freshet.online.restart.give-up-after says; last failure: {}", featureSet, kind.label(),
                        failingFor.toSeconds(), streak, failure.message(), failure.cause());
            }
            return false;
        }
        streak++;
        nextWait = policy.backoff(streak);
        status = new JobStatus(JobStatus.State.RESTARTING, failure.at(), status.restarts(), Optional.of(failure),
                Optional.of(failure.at().plus(nextWait)));
        listener.failed(featureSet, kind, failure, false);
        LOG.warn("feature set {}: the {} job failed: {}; restarting it from its checkpoint in {} ms (attempt {} since"
                + " it began failing {} s ago)", featureSet, kind.label(), failure.message(), nextWait.toMillis(),
                streak, failingFor.toSeconds());
        return true;
    }

    /** Waits while holding the lock; false if a stop was asked for meanwhile. */
    private boolean sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Waits until {@code job}'s query has got through a trigger; false if it ended or a stop was asked for first. */
    private boolean awaitFirstTrigger(Job job) {
        try {
            while (!stopRequested()) {
                if (job.passedATrigger()) {
                    return true;
                }
                if (job.query().awaitTermination(200)) {
                    return false;
                }
            }
        } catch (StreamingQueryException e) {
            return false;
        }
        return false;
    }

    private boolean stopRequested() {
        synchronized (lock) {
            return stopRequested;
        }
    }

    private JobFailure awaitFailure(Job job) {
        try {
            job.query().awaitTermination();
            return null;
        } catch (StreamingQueryException e) {
            return JobFailure.of(e, clock.instant());
        }
    }
}
