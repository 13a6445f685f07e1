package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import dev.freshet.redis.RunCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the Redis lease of one offline run while the run goes on, and stops the run as soon as the lease is lost, so
 * that two runs of a feature set never go on at once, even across instances of the application.
 *
 * <p>It renews the lease every third of its TTL ({@link RunCoordinator#renew}), with a fixed delay between renewals,
 * on a thread of its own: renewal does not depend on any scheduler having been started.
 * <ul>
 *   <li>A renewal that fails (Redis briefly unreachable) is logged with the reason, counted
 *       ({@code freshet.offline.lease.renewals{outcome=failed}}) and tried again on the next tick; the lease still
 *       has up to two thirds of its TTL left.
 *   <li>The lease is <b>lost</b> when a renewal finds it held by another owner or gone (it expired), or when renewal
 *       has failed {@value #RENEWALS_PER_TTL} times in a row: about a whole TTL has then passed since the last renewal
 *       that went through, so the lease has expired (or will within milliseconds) and another instance may take it.
 *       A lost lease is logged as an error naming the feature set and the holder, counted ({@code outcome=lost}), and
 *       the run is stopped at once; {@link #lost()} says why.
 * </ul>
 *
 * <pre>{@code
 * Optional<LeaseKeeper> acquired = LeaseKeeper.acquire(coordinator, "user-transactions", owner,
 *         Duration.ofMinutes(10), () -> engine.stopOffline("user-transactions"), meters);
 * try (LeaseKeeper lease = acquired.orElseThrow()) {
 *     engine.runOffline("user-transactions");
 *     lease.stopRenewing();
 *     lease.lost().ifPresent(why -> ...);
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops renewing and gives the lease up.
 */
final class LeaseKeeper implements AutoCloseable {

    /** Renewals per TTL; as many failed renewals in a row mean the lease has expired. */
    static final int RENEWALS_PER_TTL = 3;

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Duration STOP_WAIT = Duration.ofMinutes(1);

    private final RunCoordinator coordinator;
    private final String featureSet;
    private final String lease;
    private final String owner;
    private final Duration ttl;
    private final long interval;
    private final Runnable stopRun;
    private final MeterRegistry meters;
    private final ScheduledExecutorService timer;
    private final AtomicReference<String> lost = new AtomicReference<>();
    /** Only touched on the timer's thread. */
    private int failuresInARow;

    private LeaseKeeper(RunCoordinator coordinator, String featureSet, String owner, Duration ttl, Runnable stopRun,
            MeterRegistry meters) {
        this.coordinator = coordinator;
        this.featureSet = featureSet;
        this.lease = leaseName(featureSet);
        this.owner = owner;
        this.ttl = ttl;
        this.interval = Math.max(1, ttl.toMillis() / RENEWALS_PER_TTL);
        this.stopRun = stopRun;
        this.meters = meters;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "freshet-offline-lease-" + featureSet);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lease of {@code featureSet}'s offline run for {@code owner} and keeps it until {@link #close()}.
     *
     * @param stopRun stops the run; called once, on the keeper's thread, if the lease is lost
     * @return the keeper, or empty if someone else holds the lease
     * @throws IllegalArgumentException if {@code ttl} is not positive
     * @throws dev.freshet.core.error.FreshetException if Redis cannot be reached
     */
    static Optional<LeaseKeeper> acquire(RunCoordinator coordinator, String featureSet, String owner, Duration ttl,
            Runnable stopRun, MeterRegistry meters) {
        requireNonNull(stopRun, "stopRun");
        requireNonNull(meters, "meters");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the lease TTL of feature set \"" + featureSet + "\" is " + ttl
                    + ": it must be positive");
        }
        if (!coordinator.tryAcquire(leaseName(featureSet), owner, ttl)) {
            return Optional.empty();
        }
        LeaseKeeper keeper = new LeaseKeeper(coordinator, featureSet, owner, ttl, stopRun, meters);
        keeper.timer.scheduleWithFixedDelay(keeper::renew, keeper.interval, keeper.interval, TimeUnit.MILLISECONDS);
        return Optional.of(keeper);
    }

    /** The lease's name in the {@link RunCoordinator}: {@code offline:<feature set>}. */
    static String leaseName(String featureSet) {
        return "offline:" + featureSet;
    }

    /** The lease's name. */
    String lease() {
        return lease;
    }

    /** Why the lease was lost, if it was: another owner holds it, it expired, or it could not be renewed. */
    Optional<String> lost() {
        return Optional.ofNullable(lost.get());
    }

    /**
     * Stops renewing, waiting for a renewal under way (and the stopping of the run, if it lost the lease) to finish,
     * so that {@link #lost()} is final afterwards.
     */
    void stopRenewing() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Freshet: the lease renewal of feature set {} did not end within {}", featureSet, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops renewing and gives the lease up, unless it was lost. */
    @Override
    public void close() {
        stopRenewing();
        if (lost.get() != null) {
            return;
        }
        try {
            coordinator.release(lease, owner);
        } catch (RuntimeException e) {
            LOG.warn("Freshet: could not give up the lease of the offline run of feature set {}: {}; it expires by"
                    + " itself within {} ms", featureSet, e.getMessage(), ttl.toMillis());
        }
    }

    private void renew() {
        if (lost.get() != null) {
            return;
        }
        boolean held;
        try {
            held = coordinator.renew(lease, owner, ttl);
        } catch (RuntimeException e) {
            failuresInARow++;
            count("failed");
            if (failuresInARow >= RENEWALS_PER_TTL) {
                lose("it could not be renewed for " + ttl.toMillis() + " ms, so it has expired and another instance"
                        + " may hold it; the last of " + failuresInARow + " failed renewals in a row: " + e.getMessage());
            } else {
                LOG.warn("Freshet: could not renew the lease of the offline run of feature set {} (failure {} of {}"
                        + " before it expires): {}; trying again in {} ms", featureSet, failuresInARow,
                        RENEWALS_PER_TTL, e.getMessage(), interval);
            }
            return;
        }
        if (!held) {
            lose(whyNotHeld());
            return;
        }
        if (failuresInARow > 0) {
            LOG.info("Freshet: renewed the lease of the offline run of feature set {} after {} failed renewals",
                    featureSet, failuresInARow);
        }
        failuresInARow = 0;
        count("renewed");
    }

    private String whyNotHeld() {
        try {
            return coordinator.holder(lease).map(holder -> "another owner holds it (" + holder + ")")
                    .orElse("it expired and nobody holds it");
        } catch (RuntimeException e) {
            return "it is no longer ours; its holder could not be read: " + e.getMessage();
        }
    }

    private void lose(String why) {
        lost.set(why);
        count("lost");
        timer.shutdown();
        LOG.error("Freshet: the offline run of feature set {} lost its lease {}: {}; stopping the run", featureSet,
                lease, why);
        try {
            stopRun.run();
        } catch (RuntimeException e) {
            LOG.error("Freshet: could not stop the offline run of feature set {} after it lost its lease: {}",
                    featureSet, e.getMessage(), e);
        }
    }

    private void count(String outcome) {
        meters.counter("freshet.offline.lease.renewals", "feature.set", featureSet, "outcome", outcome).increment();
    }
}
