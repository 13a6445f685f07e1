package dev.freshet.core.deadletter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A source record that was not ingested, with the reason and where it came from. {@link #toJson()} is the message
 * value written to the feature set's dead-letter topic:
 *
 * <pre>{@code
 * {"feature_set":"user-transactions","reason":"TYPE_MISMATCH",
 *  "detail":"member \"amount\": expected a number, got the string \"abc\"",
 *  "source":{"topic":"transactions","partition":0,"offset":17,"timestamp":"2026-01-01T00:00:00Z"},
 *  "payload":"{\"user_id\":\"u1\",\"amount\":\"abc\"}","payload_encoding":"utf-8"}
 * }</pre>
 *
 * <p>The payload is the record value exactly as read: as a string when it is valid UTF-8, otherwise base64
 * ({@code "payload_encoding":"base64"}); {@code null} when the record had no value. A value of more than
 * {@link #MAX_PAYLOAD_BYTES} bytes is cut to its first {@code MAX_PAYLOAD_BYTES} (less the bytes of a character the cut
 * would split), and the message says so with {@code "payload_truncated":true} and the whole value's size in
 * {@code "payload_bytes"}: so that the dead letter of a record of several megabytes still fits in a topic with Kafka's
 * default limit of 1 MB per message (its source position locates the whole record). The message holds nothing that
 * depends on when it was written, so a replayed batch writes the same message again.
 *
 * @param featureSet      the feature set whose ingestion rejected the record
 * @param reason          why
 * @param detail          what exactly, naming the member or column
 * @param topic           source topic
 * @param partition       source partition
 * @param offset          source offset
 * @param sourceTimestamp the Kafka record's timestamp
 * @param payload         the record value as read, or {@code null}
 */
public record DeadLetter(
        String featureSet,
        DeadLetterReason reason,
        String detail,
        String topic,
        int partition,
        long offset,
        Instant sourceTimestamp,
        byte[] payload) {

    /**
     * The most bytes of a payload a message carries: 64 KiB, which even escaped six-fold as JSON (control characters)
     * stays well under Kafka's default {@code max.message.bytes} of 1 MB.
     */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    /** Checks that every part but the payload is present. */
    public DeadLetter {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(reason, "reason");
        requireNonNull(detail, "detail");
        requireNonNull(topic, "topic");
        requireNonNull(sourceTimestamp, "sourceTimestamp");
    }

    /** The dead-letter message, UTF-8 JSON. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (payload == null ? 0 : payload.length * 2));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("feature_set", featureSet);
            g.writeStringField("reason", reason.name());
            g.writeStringField("detail", detail);
            g.writeObjectFieldStart("source");
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", partition);
            g.writeNumberField("offset", offset);
            g.writeStringField("timestamp", sourceTimestamp.toString());
            g.writeEndObject();
            if (payload == null) {
                g.writeNullField("payload");
            } else {
                byte[] head = head(payload);
                String text = utf8OrNull(head);
                if (text != null) {
                    g.writeStringField("payload", text);
                    g.writeStringField("payload_encoding", "utf-8");
                } else {
                    g.writeStringField("payload", Base64.getEncoder().encodeToString(head));
                    g.writeStringField("payload_encoding", "base64");
                }
                if (head.length < payload.length) {
                    g.writeBooleanField("payload_truncated", true);
                    g.writeNumberField("payload_bytes", payload.length);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a dead-letter message to memory", e);
        }
        return out.toByteArray();
    }

    /** The payload, or its first {@link #MAX_PAYLOAD_BYTES}, cut before a UTF-8 sequence rather than inside one. */
    private static byte[] head(byte[] payload) {
        if (payload.length <= MAX_PAYLOAD_BYTES) {
            return payload;
        }
        int cut = MAX_PAYLOAD_BYTES;
        // A UTF-8 sequence is at most four bytes: step back over at most three continuation bytes (10xxxxxx).
        while (cut > MAX_PAYLOAD_BYTES - 3 && (payload[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return Arrays.copyOf(payload, cut);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && d.featureSet.equals(featureSet) && d.reason == reason
                && d.detail.equals(detail) && d.topic.equals(topic) && d.partition == partition && d.offset == offset
                && d.sourceTimestamp.equals(sourceTimestamp) && java.util.Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(featureSet, reason, topic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + featureSet + " " + reason + " " + topic + "/" + partition + "@" + offset + ": " + detail
                + "]";
    }
}
