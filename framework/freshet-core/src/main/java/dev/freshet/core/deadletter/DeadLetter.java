package dev.freshet.core.deadletter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
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
 * depends on when it was written, so a replayed batch writes the same message again. {@link #fromJson(byte[])} reads
 * a message back, for a replay of the dead letters.
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
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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

    /**
     * A dead-letter message read back ({@link #fromJson}).
     *
     * @param deadLetter       the dead letter
     * @param payloadTruncated whether the message carried only the first {@link #MAX_PAYLOAD_BYTES} of the payload
     *                         ({@code "payload_truncated":true}): then {@code deadLetter.payload()} is that head, not
     *                         the record's value
     */
    public record Parsed(DeadLetter deadLetter, boolean payloadTruncated) {

        /** Checks the dead letter is there. */
        public Parsed {
            requireNonNull(deadLetter, "deadLetter");
        }
    }

    /**
     * The dead letter a message of {@link #toJson()} holds: the payload comes back as the very bytes that were read
     * (UTF-8 text encoded again, base64 decoded), or their head if the message says it was truncated. Members it does
     * not know are ignored, so that messages of a later version with more members still read.
     *
     * @throws IllegalArgumentException saying what is wrong, if {@code message} is not such a message
     */
    public static Parsed fromJson(byte[] message) {
        requireNonNull(message, "message");
        try (JsonParser p = STRICT_JSON.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a dead-letter message: not a JSON object");
            }
            Parts parts = new Parts();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "feature_set" -> parts.featureSet = text(p, name);
                    case "reason" -> parts.reason = reason(text(p, name));
                    case "detail" -> parts.detail = text(p, name);
                    case "source" -> readSource(p, parts);
                    case "payload" -> parts.payload = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, name);
                    case "payload_encoding" -> parts.encoding = text(p, name);
                    case "payload_truncated" -> parts.truncated = p.currentToken() == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("not a dead-letter message: content after the JSON object");
            }
            return new Parsed(parts.deadLetter(), parts.truncated && parts.payload != null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dead-letter message: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a dead-letter message from memory", e);
        }
    }

    /** The source position, {@code <topic>/<partition>/<offset>}: how replayed records name what they replay. */
    public String position() {
        return topic + "/" + partition + "/" + offset;
    }

    private static void readSource(JsonParser p, Parts parts) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a dead-letter message: member \"source\" is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "topic" -> parts.topic = text(p, "source." + name);
                case "partition" -> parts.partition = (int) number(p, "source." + name, Integer.MAX_VALUE);
                case "offset" -> parts.offset = number(p, "source." + name, Long.MAX_VALUE);
                case "timestamp" -> parts.timestamp = instant(text(p, "source." + name));
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, String member) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a dead-letter message: member \"" + member + "\" is not a string");
        }
        return p.getText();
    }

    private static long number(JsonParser p, String member, long max) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0 || p.getLongValue() > max) {
            throw new IllegalArgumentException("not a dead-letter message: member \"" + member
                    + "\" is not a number from 0 to " + max);
        }
        return p.getLongValue();
    }

    private static DeadLetterReason reason(String name) {
        try {
            return DeadLetterReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a dead-letter message of this version: unknown reason \"" + name
                    + "\"; known: " + java.util.Arrays.toString(DeadLetterReason.values()), e);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a dead-letter message: source.timestamp \"" + text
                    + "\" is not an ISO-8601 instant", e);
        }
    }

    /** The members of a message as they are read. */
    private static final class Parts {
        String featureSet;
        DeadLetterReason reason;
        String detail;
        String topic;
        int partition = -1;
        long offset = -1;
        Instant timestamp;
        String payload;
        String encoding;
        boolean truncated;

        DeadLetter deadLetter() {
            require(featureSet, "feature_set");
            require(reason, "reason");
            require(detail, "detail");
            require(topic, "source.topic");
            require(partition < 0 ? null : partition, "source.partition");
            require(offset < 0 ? null : offset, "source.offset");
            require(timestamp, "source.timestamp");
            byte[] bytes = null;
            if (payload != null) {
                require(encoding, "payload_encoding");
                bytes = switch (encoding) {
                    case "utf-8" -> payload.getBytes(StandardCharsets.UTF_8);
                    case "base64" -> base64(payload);
                    default -> throw new IllegalArgumentException("not a dead-letter message: payload_encoding \""
                            + encoding + "\" is neither \"utf-8\" nor \"base64\"");
                };
            }
            return new DeadLetter(featureSet, reason, detail, topic, partition, offset, timestamp, bytes);
        }

        private static byte[] base64(String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a dead-letter message: the payload is not base64", e);
            }
        }

        private static void require(Object value, String member) {
            if (value == null) {
                throw new IllegalArgumentException("not a dead-letter message: member \"" + member + "\" is missing");
            }
        }
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
