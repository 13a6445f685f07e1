package dev.freshet.core.testdata;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds {@link DeadLetter}s for tests. By default: the documented example, an {@code amount} of {@code "abc"} from
 * partition 0, offset 17 of topic {@code transactions}.
 */
public final class DeadLetterBuilder {

    private String featureSet = "user-transactions";
    private DeadLetterReason reason = DeadLetterReason.TYPE_MISMATCH;
    private String detail = "member \"amount\": expected a number, got the string \"abc\"";
    private String topic = "transactions";
    private int partition = 0;
    private long offset = 17;
    private Instant sourceTimestamp = Instant.parse("2026-01-01T00:00:00Z");
    private byte[] payload = "{\"user_id\":\"u1\",\"amount\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

    private DeadLetterBuilder() {}

    public static DeadLetterBuilder aDeadLetter() {
        return new DeadLetterBuilder();
    }

    public DeadLetterBuilder featureSet(String featureSet) {
        this.featureSet = featureSet;
        return this;
    }

    public DeadLetterBuilder reason(DeadLetterReason reason) {
        this.reason = reason;
        return this;
    }

    public DeadLetterBuilder detail(String detail) {
        this.detail = detail;
        return this;
    }

    public DeadLetterBuilder topic(String topic) {
        this.topic = topic;
        return this;
    }

    public DeadLetterBuilder partition(int partition) {
        this.partition = partition;
        return this;
    }

    public DeadLetterBuilder offset(long offset) {
        this.offset = offset;
        return this;
    }

    public DeadLetterBuilder sourceTimestamp(Instant sourceTimestamp) {
        this.sourceTimestamp = sourceTimestamp;
        return this;
    }

    /** The payload as UTF-8 text. */
    public DeadLetterBuilder payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload as raw bytes, or {@code null} for a record without value. */
    public DeadLetterBuilder payload(byte[] payload) {
        this.payload = payload == null ? null : payload.clone();
        return this;
    }

    public DeadLetter build() {
        return new DeadLetter(featureSet, reason, detail, topic, partition, offset, sourceTimestamp,
                payload == null ? null : payload.clone());
    }
}
