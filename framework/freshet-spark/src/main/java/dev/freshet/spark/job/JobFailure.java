package dev.freshet.spark.job;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import java.time.Instant;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;

/**
 * Why a job stopped when nobody asked it to, and whether a restart can fix that.
 *
 * <p>A restart cannot fix: a {@link FreshetException} that says so (a setting, the definition or the checkpoint at
 * fault); Spark's analysis rejecting the query ({@link AnalysisException}); records lost in Kafka before the job read
 * them ({@code KAFKA_DATA_LOSS}: restarting would skip them silently); a checkpoint whose state does not fit the
 * query. Everything else (a server that did not answer, a broker that went away, a task that failed) may pass, and is
 * restarted with back-off.
 *
 * @param cause         the first Freshet error in the chain, else the root cause
 * @param restartCanFix whether running the job again may succeed
 * @param at            when the job stopped
 */
public record JobFailure(Throwable cause, boolean restartCanFix, Instant at) {

    private static final Set<String> PERMANENT_CONDITIONS = Set.of(
            "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
            "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE",
            "STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA",
            "STATE_STORE_INVALID_VALUE_SCHEMA_EVOLUTION",
            "STATE_STORE_CHECKPOINT_LOCATION_NOT_EMPTY",
            "STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA");

    /** Checks the parts. */
    public JobFailure {
        requireNonNull(cause, "cause");
        requireNonNull(at, "at");
    }

    /** The failure of a job that stopped at {@code at} with {@code thrown}. */
    public static JobFailure of(Throwable thrown, Instant at) {
        boolean restartCanFix = true;
        Throwable reported = null;
        Throwable root = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof FreshetException f) {
                reported = reported == null ? f : reported;
                restartCanFix &= f.restartCanFix();
            }
            if (t instanceof AnalysisException) {
                restartCanFix = false;
            }
            if (t instanceof SparkThrowable s && s.getCondition() != null) {
                String condition = s.getCondition();
                if (condition.startsWith("KAFKA_DATA_LOSS") || PERMANENT_CONDITIONS.contains(condition)) {
                    restartCanFix = false;
                }
            }
        }
        return new JobFailure(reported != null ? reported : root, restartCanFix, at);
    }

    /** The cause's message, or its class when it has none. */
    public String message() {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }
}
