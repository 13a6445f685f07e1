package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link DeadLetterReplay} replays.
 *
 * <pre>{@code
 * engine.replayDeadLetters("user-transactions", ReplayOptions.defaults());
 * engine.replayDeadLetters("user-transactions", ReplayOptions.reasons(DeadLetterReason.TYPE_MISMATCH));
 * }</pre>
 *
 * @param reasons               the reasons whose dead letters are replayed; the others are skipped and counted
 * @param recordsPerTransaction how many records one Kafka transaction of the replay re-produces at most (a replay
 *                              stopped half-way keeps what its committed transactions replayed)
 */
public record ReplayOptions(Set<DeadLetterReason> reasons, int recordsPerTransaction) {

    /** Records per transaction unless said otherwise. */
    public static final int DEFAULT_RECORDS_PER_TRANSACTION = 1000;

    /** Checks and copies the reasons. */
    public ReplayOptions {
        requireNonNull(reasons, "reasons");
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a dead-letter replay needs at least one reason to replay; the"
                    + " default is every reason but LATE");
        }
        if (recordsPerTransaction < 1) {
            throw new IllegalArgumentException("recordsPerTransaction must be at least 1, not "
                    + recordsPerTransaction);
        }
        reasons = Collections.unmodifiableSet(EnumSet.copyOf(reasons));
    }

    /**
     * Every reason but {@link DeadLetterReason#LATE}: a late record replayed is later still, and dead-lettered as LATE
     * again (LATE and FUTURE_EVENT_TIME dead letters carry no payload anyway).
     */
    public static ReplayOptions defaults() {
        return new ReplayOptions(EnumSet.complementOf(EnumSet.of(DeadLetterReason.LATE)),
                DEFAULT_RECORDS_PER_TRANSACTION);
    }

    /** The dead letters of {@code first} and {@code more} reasons only. */
    public static ReplayOptions reasons(DeadLetterReason first, DeadLetterReason... more) {
        return new ReplayOptions(EnumSet.of(first, more), DEFAULT_RECORDS_PER_TRANSACTION);
    }

    /** These options with {@code n} records per transaction. */
    public ReplayOptions withRecordsPerTransaction(int n) {
        return new ReplayOptions(reasons, n);
    }
}
