package dev.freshet.core.error;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A read of the online store as of an instant the stored data can no longer answer: the aggregated feature set's
 * online job already pruned tiles the read needs, or a row-level feature set holds only values newer than the
 * instant. Thrown instead of returning what is left, which would be a quietly wrong (usually smaller) number. The
 * message names the feature set, the key, the instant asked, why, and the earliest instant that can be answered;
 * {@link #earliestAnswerable()} gives that instant to programs. Built by {@link FreshetErrors}.
 */
public final class UnanswerableReadException extends FreshetException {

    private static final long serialVersionUID = 1L;

    private final Instant time;
    private final Instant earliestAnswerable;

    UnanswerableReadException(String featureSet, String message, Instant time, Instant earliestAnswerable) {
        super(requireNonNull(featureSet, "featureSet"), message, null);
        this.time = requireNonNull(time, "time");
        this.earliestAnswerable = requireNonNull(earliestAnswerable, "earliestAnswerable");
    }

    /** The instant the read was asked for. */
    public Instant time() {
        return time;
    }

    /** The earliest instant from which reads of the key are answered: every read at or after it is. */
    public Instant earliestAnswerable() {
        return earliestAnswerable;
    }
}
