package dev.freshet.spark.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a supervised job stands.
 *
 * @param state       running, waiting to restart, failed for good, or stopped
 * @param since       when it entered that state
 * @param restarts    how often it was restarted after a failure since it was first started
 * @param lastFailure the failure that made it restart or fail, if it ever failed
 * @param nextRestart when it is restarted next, while {@link State#RESTARTING}
 */
public record JobStatus(State state, Instant since, int restarts, Optional<JobFailure> lastFailure,
        Optional<Instant> nextRestart) {

    /** The states of a supervised job. */
    public enum State {
        /** Its query runs. */
        RUNNING,
        /** It failed, and is started again at {@link JobStatus#nextRestart}. */
        RESTARTING,
        /** It failed for a reason a restart cannot fix, or failed for longer than its policy allows: given up. */
        FAILED,
        /** It was stopped on request. */
        STOPPED
    }

    /** Checks the parts. */
    public JobStatus {
        requireNonNull(state, "state");
        requireNonNull(since, "since");
        requireNonNull(lastFailure, "lastFailure");
        requireNonNull(nextRestart, "nextRestart");
    }

    /** Whether its query runs. */
    public boolean running() {
        return state == State.RUNNING;
    }
}
