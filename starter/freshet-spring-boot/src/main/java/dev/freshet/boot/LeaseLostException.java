package dev.freshet.boot;

import dev.freshet.core.error.FreshetException;

/**
 * An offline run lost its lease in Redis while it went on (another instance took it, or it expired while Redis could
 * not be reached) and was stopped, so that two runs of a feature set never go on at once. Nothing is lost: the next
 * run starts from the offsets the stopped one had committed.
 */
public final class LeaseLostException extends FreshetException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    LeaseLostException(String featureSet, String lease, String reason, Throwable cause) {
        super(featureSet, "the offline run was stopped because it lost its lease " + lease + ": " + reason + "; the next"
                + " run resumes from its checkpointed offsets", cause);
        this.reason = reason;
    }

    /** Why the lease was lost: another owner holds it (named), it expired, or it could not be renewed. */
    public String reason() {
        return reason;
    }
}
