package dev.freshet.spark.oracle;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.time.Instant;
import java.util.Optional;

/**
 * One record of a transactions topic (the {@code FeatureSets} default source: {@code user_id}, {@code amount},
 * {@code is_remote}, {@code timestamp}) as the oracles see it: where it is, what it says, and, for a record the decoder
 * must reject, why. The fields of a rejected record other than its position and payload mean nothing.
 *
 * @param partition  its partition
 * @param offset     its offset, or -1 before it is sent
 * @param kafkaTime  its Kafka timestamp
 * @param payload    the record's value, as sent
 * @param user       the key
 * @param time       the event time
 * @param amount     the amount, null for none
 * @param remote     whether the transaction was remote
 * @param rejectedAs why the decoder must dead-letter it; empty for a transaction it decodes
 */
public record SourceRecord(int partition, long offset, Instant kafkaTime, String payload, String user, Instant time,
        Double amount, boolean remote, Optional<DeadLetterReason> rejectedAs) {

    /** Checks the parts. */
    public SourceRecord {
        requireNonNull(kafkaTime, "kafkaTime");
        requireNonNull(payload, "payload");
        requireNonNull(rejectedAs, "rejectedAs");
    }

    /** This record at {@code offset}, once sent. */
    public SourceRecord at(long offset) {
        return new SourceRecord(partition, offset, kafkaTime, payload, user, time, amount, remote, rejectedAs);
    }

    /** {@code <partition>@<offset>}, as dead letters are compared. */
    public String position() {
        return position(partition, offset);
    }

    /** {@code <partition>@<offset>}. */
    public static String position(int partition, long offset) {
        return partition + "@" + offset;
    }

    /** Whether the decoder accepts it (it may still be late or in the future for an aggregated set). */
    public boolean decoded() {
        return rejectedAs.isEmpty();
    }
}
