package dev.freshet.spark.job;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * When a supervised job that failed is started again: after an exponential back-off with jitter, from
 * {@code initialBackoff} doubling up to {@code maxBackoff}, for as long as the job has been failing for less than
 * {@code giveUpAfter}. A job that ran for {@code stableAfter} before it failed had recovered: its next failure starts
 * the back-off afresh.
 *
 * @param initialBackoff how long to wait before the first restart
 * @param maxBackoff     the longest wait between two restarts
 * @param jitter         how far each wait is randomised, as a fraction of it (0 to 1): jobs that failed together do
 *                       not all restart at the same instant
 * @param giveUpAfter    how long a job may keep failing before it is given up; zero never gives up
 * @param stableAfter    how long a restarted job must run before a failure counts as a new one
 */
public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, Duration giveUpAfter,
        Duration stableAfter) {

    /** Checks the values. */
    public RestartPolicy {
        requireNonNull(initialBackoff, "initialBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        requireNonNull(giveUpAfter, "giveUpAfter");
        requireNonNull(stableAfter, "stableAfter");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("the initial restart back-off must be positive, not " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("the maximum restart back-off " + maxBackoff
                    + " is shorter than the initial one " + initialBackoff);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("the restart jitter must be at least 0 and below 1, not " + jitter);
        }
        if (giveUpAfter.isNegative() || stableAfter.isNegative()) {
            throw new IllegalArgumentException("give-up-after and stable-after must not be negative");
        }
    }

    /** 1 s doubling to 1 min, jitter 0.5, given up after 30 min of failing; stable after 1 min. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5, Duration.ofMinutes(30),
                Duration.ofMinutes(1));
    }

    /** How long to wait before restart number {@code restart} (1 for the first) of a failure streak. */
    public Duration backoff(int restart) {
        if (restart < 1) {
            throw new IllegalArgumentException("restart numbers start at 1, not " + restart);
        }
        long millis = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, jitter, maxBackoff)
                .apply(restart);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Whether a job failing for {@code failingFor} is given up instead of restarted. */
    public boolean givesUp(Duration failingFor) {
        return !giveUpAfter.isZero() && failingFor.compareTo(giveUpAfter) >= 0;
    }

    /** Whether a job that ran for {@code ran} before it failed had recovered from its earlier failures. */
    public boolean recovered(Duration ran) {
        return ran.compareTo(stableAfter) >= 0;
    }
}
