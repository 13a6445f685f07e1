package dev.freshet.core.tile;

import java.io.Serializable;
import java.time.Duration;

/**
 * Decides whether an event is aggregated, late, or too far in the future, from the records alone, so that every
 * replay and every job (online, offline) decides alike, whatever its batch boundaries and whatever the wall clock:
 *
 * <ol>
 *   <li>{@link Decision#FUTURE}: the event time lies more than {@code maxEventTimeSkew} after the Kafka record's own
 *       timestamp. Checked first, so that one bogus future event cannot push the watermark and make every later
 *       event late.
 *   <li>{@link Decision#LATE}: the event time lies more than {@code allowedLateness} before the newest accepted event
 *       of the same key on the same Kafka partition (its watermark). Events of one key on one partition are seen in
 *       offset order, so this depends on nothing but the partition's records.
 *   <li>{@link Decision#ACCEPT} otherwise; the event then advances its key's watermark on its partition.
 * </ol>
 *
 * @param allowedLateness  how far behind its key's newest event (same partition) an event may be
 * @param maxEventTimeSkew how far after its Kafka timestamp an event's time may be
 */
public record EventTimePolicy(Duration allowedLateness, Duration maxEventTimeSkew) implements Serializable {

    /** What to do with one event. */
    public enum Decision {
        /** Aggregate it. */
        ACCEPT,
        /** Dead-letter it: too old. */
        LATE,
        /** Dead-letter it: too far after its Kafka timestamp. */
        FUTURE
    }

    /**
     * The decision for an event at {@code eventMillis} whose Kafka record has timestamp {@code kafkaMillis}, given
     * the watermark of its key on its partition ({@code Long.MIN_VALUE} if none).
     */
    public Decision decide(long eventMillis, long kafkaMillis, long watermark) {
        if (eventMillis - kafkaMillis > maxEventTimeSkew.toMillis()) {
            return Decision.FUTURE;
        }
        if (watermark != Long.MIN_VALUE && eventMillis < watermark - allowedLateness.toMillis()) {
            return Decision.LATE;
        }
        return Decision.ACCEPT;
    }
}
