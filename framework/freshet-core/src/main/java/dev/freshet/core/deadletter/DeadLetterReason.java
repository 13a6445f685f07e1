package dev.freshet.core.deadletter;

/**
 * Why a source record was not ingested. Each dead letter carries one reason and a detail naming the member or column
 * at fault; metrics count dead letters by reason.
 */
public enum DeadLetterReason {
    /**
     * The value is not a JSON object in UTF-8: not JSON at all, another JSON type, a duplicate member, no value, not
     * UTF-8, a string that is not Unicode text, or beyond the decoder's limits (nesting, length of a number).
     */
    MALFORMED_RECORD,
    /** A member has the wrong JSON type for its column, such as a string where a number is declared. */
    TYPE_MISMATCH,
    /** A timestamp member is a string or number that the source's declared encodings cannot read. */
    INVALID_TIMESTAMP,
    /** A key column is missing or null, in the record or in the transform's output. */
    MISSING_KEY,
    /** The event-time column is missing or null, in the record or in the transform's output. */
    MISSING_TIMESTAMP,
    /**
     * Aggregations: the event is older than the newest event of its key on the same partition by more than the
     * allowed lateness.
     */
    LATE,
    /** Aggregations: the event time lies further after the Kafka record's timestamp than the maximum skew. */
    FUTURE_EVENT_TIME,
    /**
     * A SQL function threw on the record: the detail names the function and the exception's class and message; the
     * record's payload is kept, so that it can be replayed once the function is fixed.
     */
    TRANSFORM_ERROR;

    /** The reason in lower case, as metrics tag it: {@code type_mismatch}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
