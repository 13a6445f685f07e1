package dev.freshet.core.record;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetterReason;

/** The outcome of decoding one source record: its column values, or why it was rejected. */
public sealed interface Decoded {

    /**
     * A record whose values all have their declared types.
     *
     * @param values one value per source column, in schema order; {@code null} for a null or missing member
     */
    record Accepted(Object[] values) implements Decoded {
        /** Checks the values are present. */
        public Accepted {
            requireNonNull(values, "values");
        }
    }

    /**
     * A record that cannot be ingested.
     *
     * @param reason why, as counted by metrics
     * @param detail what exactly, naming the member at fault
     */
    record Rejected(DeadLetterReason reason, String detail) implements Decoded {
        /** Checks both parts are present. */
        public Rejected {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }
}
