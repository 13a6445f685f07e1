package dev.freshet.core.deadletter;

import static dev.freshet.core.testdata.DeadLetterBuilder.aDeadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeadLetterTest {

    @Test
    void writesTheDocumentedMessageForAUtf8Payload() {
        String json = text(aDeadLetter().build().toJson());

        assertThat(json).isEqualTo("{\"feature_set\":\"user-transactions\",\"reason\":\"TYPE_MISMATCH\","
                + "\"detail\":\"member \\\"amount\\\": expected a number, got the string \\\"abc\\\"\","
                + "\"source\":{\"topic\":\"transactions\",\"partition\":0,\"offset\":17,"
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"payload\":\"{\\\"user_id\\\":\\\"u1\\\",\\\"amount\\\":\\\"abc\\\"}\",\"payload_encoding\":\"utf-8\"}");
    }

    @Test
    void keepsAMultiByteUtf8PayloadAsText() {
        String payload = "{\"merchant\":\"Zoë 東京 🍣\"}";

        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload", payload).containsEntry("payload_encoding", "utf-8");
    }

    @Test
    void writesMultiByteCharactersAsUtf8RatherThanEscapes() {
        String json = text(aDeadLetter().payload("Zoë 東京").build().toJson());

        assertThat(json).contains("\"payload\":\"Zoë 東京\"");
    }

    @Test
    void writesAPayloadThatIsNotUtf8AsBase64() {
        byte[] payload = {(byte) 0xFF, (byte) 0xFE, 0x00};

        String json = text(aDeadLetter().payload(payload).build().toJson());

        assertThat(json).endsWith(",\"payload\":\"//4A\",\"payload_encoding\":\"base64\"}");
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of(named("a two-byte sequence cut short at the end", new byte[] {(byte) 0xC3})),
                Arguments.of(named("a lead byte without continuation", new byte[] {'a', (byte) 0xC3, '(', 'b'})),
                Arguments.of(named("an overlong encoding of '/'", new byte[] {(byte) 0xC0, (byte) 0xAF})),
                Arguments.of(named("a UTF-16 surrogate encoded as UTF-8 (CESU-8)",
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                Arguments.of(named("a code point beyond U+10FFFF",
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})),
                Arguments.of(named("a lone continuation byte", new byte[] {(byte) 0x80})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void encodesEveryInvalidUtf8SequenceAsBase64(byte[] payload) {
        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload_encoding", "base64");
        assertThat(Base64.getDecoder().decode((String) message.get("payload"))).isEqualTo(payload);
    }

    @Test
    void keepsAPayloadOfTheLimitWhole() {
        String payload = "a".repeat(DeadLetter.MAX_PAYLOAD_BYTES);

        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload", payload).doesNotContainKeys("payload_truncated", "payload_bytes");
    }

    @Test
    void cutsALargerPayloadToTheLimitAndSaysSo() {
        String payload = "{\"amount\":\"" + "x".repeat(4 << 20) + "\"}";

        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload", payload.substring(0, DeadLetter.MAX_PAYLOAD_BYTES))
                .containsEntry("payload_encoding", "utf-8")
                .containsEntry("payload_truncated", true)
                .containsEntry("payload_bytes", (long) payload.length());
    }

    @ParameterizedTest(name = "a {0}-byte character across the limit")
    @ValueSource(ints = {2, 3, 4})
    void cutsBeforeACharacterTheLimitWouldSplit(int width) {
        String character = switch (width) {
            case 2 -> "é";
            case 3 -> "東";
            default -> "🍣";
        };
        // The character starts one byte before the limit, so the limit falls inside it.
        String payload = "a".repeat(DeadLetter.MAX_PAYLOAD_BYTES - 1) + character + "tail";

        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload", "a".repeat(DeadLetter.MAX_PAYLOAD_BYTES - 1))
                .containsEntry("payload_encoding", "utf-8")
                .containsEntry("payload_bytes", (long) payload.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void cutsALargerPayloadThatIsNotUtf8AndEncodesTheRestAsBase64() {
        byte[] payload = new byte[DeadLetter.MAX_PAYLOAD_BYTES * 3];
        Arrays.fill(payload, (byte) 0xFF);

        Map<String, Object> message = parse(aDeadLetter().payload(payload).build().toJson());

        assertThat(message).containsEntry("payload_encoding", "base64").containsEntry("payload_truncated", true)
                .containsEntry("payload_bytes", (long) payload.length);
        assertThat(Base64.getDecoder().decode((String) message.get("payload")))
                .isEqualTo(Arrays.copyOf(payload, DeadLetter.MAX_PAYLOAD_BYTES));
    }

    @Test
    void staysUnderKafkasDefaultMessageLimitForTheWorstPayload() {
        // Control characters are escaped as six bytes each (\u0001): the largest a payload grows in the message.
        byte[] payload = new byte[10 << 20];
        Arrays.fill(payload, (byte) 1);

        assertThat(aDeadLetter().detail("d".repeat(1_000)).payload(payload).build().toJson().length)
                .isLessThan(1_000_000);
    }

    @Test
    void writesANullPayloadWithoutEncoding() {
        String json = text(aDeadLetter().payload((byte[]) null).build().toJson());

        assertThat(json).endsWith("\"timestamp\":\"2026-01-01T00:00:00Z\"},\"payload\":null}")
                .doesNotContain("payload_encoding");
    }

    @Test
    void writesAnEmptyPayloadAsEmptyText() {
        String json = text(aDeadLetter().payload(new byte[0]).build().toJson());

        assertThat(json).endsWith(",\"payload\":\"\",\"payload_encoding\":\"utf-8\"}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = text(aDeadLetter()
                .detail("a \"quoted\" \\ back\nslash\ttab\u0001bell\u007f")
                .payload("{\"k\":\"line\nbreak\"}\r\n")
                .build().toJson());

        assertThat(json)
                .contains("\"detail\":\"a \\\"quoted\\\" \\\\ back\\nslash\\ttab\\u0001bell\u007f\"")
                .contains("\"payload\":\"{\\\"k\\\":\\\"line\\nbreak\\\"}\\r\\n\"");
    }

    @Test
    void writesEveryTextFieldSoThatAJsonParserReadsItBackUnchanged() {
        String awkward = "\"'\\/<>&\u0000\u001f\u2028\u2029 é 東 🍣 \uFEFF";

        Map<String, Object> message = parse(aDeadLetter().featureSet(awkward).detail(awkward).topic(awkward)
                .payload(awkward).build().toJson());

        assertThat(message).containsEntry("feature_set", awkward).containsEntry("detail", awkward)
                .containsEntry("source.topic", awkward).containsEntry("payload", awkward);
    }

    @Test
    void writesTheSourcePosition() {
        Map<String, Object> message = parse(aDeadLetter().topic("logins").partition(12).offset(Long.MAX_VALUE)
                .sourceTimestamp(Instant.parse("2026-03-29T01:30:00.123456789Z")).build().toJson());

        assertThat(message).containsEntry("source.topic", "logins").containsEntry("source.partition", 12L)
                .containsEntry("source.offset", Long.MAX_VALUE)
                .containsEntry("source.timestamp", "2026-03-29T01:30:00.123456789Z");
    }

    @ParameterizedTest
    @EnumSource(DeadLetterReason.class)
    void writesTheReasonByName(DeadLetterReason reason) {
        assertThat(parse(aDeadLetter().reason(reason).build().toJson())).containsEntry("reason", reason.name());
    }

    @Test
    void writesTheSameBytesEveryTime() {
        DeadLetter deadLetter = aDeadLetter().payload(new byte[] {1, (byte) 0xFF}).build();

        assertThat(deadLetter.toJson()).isEqualTo(deadLetter.toJson());
    }

    @Test
    void writesTheSameBytesForEqualDeadLetters() {
        assertThat(aDeadLetter().build().toJson()).isEqualTo(aDeadLetter().build().toJson());
    }

    @Test
    void writesValidUtf8() {
        byte[] json = aDeadLetter().detail("é 🍣").payload(new byte[] {(byte) 0xFF}).build().toJson();

        assertThat(isUtf8(json)).isTrue();
    }

    @Test
    void equalsADeadLetterWithAnEqualPayload() {
        DeadLetter a = aDeadLetter().payload(new byte[] {1, 2, 3}).build();
        DeadLetter b = aDeadLetter().payload(new byte[] {1, 2, 3}).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void differsFromADeadLetterWithAnotherPayload() {
        assertThat(aDeadLetter().payload(new byte[] {1}).build())
                .isNotEqualTo(aDeadLetter().payload(new byte[] {2}).build())
                .isNotEqualTo(aDeadLetter().payload((byte[]) null).build());
    }

    @Test
    void showsItsPositionAndDetailInToString() {
        assertThat(aDeadLetter().build()).hasToString("DeadLetter[user-transactions TYPE_MISMATCH transactions/0@17:"
                + " member \"amount\": expected a number, got the string \"abc\"]");
    }

    @Test
    void requiresAFeatureSet() {
        assertThatNullPointerException().isThrownBy(() -> aDeadLetter().featureSet(null).build())
                .withMessage("featureSet");
    }

    @Test
    void requiresAReason() {
        assertThatNullPointerException().isThrownBy(() -> aDeadLetter().reason(null).build()).withMessage("reason");
    }

    @Test
    void requiresADetail() {
        assertThatNullPointerException().isThrownBy(() -> aDeadLetter().detail(null).build()).withMessage("detail");
    }

    @Test
    void requiresATopic() {
        assertThatNullPointerException().isThrownBy(() -> aDeadLetter().topic(null).build()).withMessage("topic");
    }

    @Test
    void requiresASourceTimestamp() {
        assertThatNullPointerException().isThrownBy(() -> aDeadLetter().sourceTimestamp(null).build())
                .withMessage("sourceTimestamp");
    }

    @Test
    void tagsTheReasonInLowerCaseForMetrics() {
        assertThat(DeadLetterReason.TYPE_MISMATCH.tag()).isEqualTo("type_mismatch");
        assertThat(DeadLetterReason.MISSING_TIMESTAMP.tag()).isEqualTo("missing_timestamp");
    }

    @Test
    void readsBackTheDocumentedMessage() {
        DeadLetter deadLetter = aDeadLetter().build();

        assertThat(DeadLetter.fromJson(deadLetter.toJson()).deadLetter()).isEqualTo(deadLetter);
    }

    @Test
    void readsBackAnAwkwardTextPayloadByteForByte() {
        DeadLetter deadLetter = aDeadLetter().detail("é \"q\" \n").payload("{\"k\":\"Zoë 東京 🍣 \uFEFF\u0000\"}\r\n").build();

        assertThat(DeadLetter.fromJson(deadLetter.toJson()).deadLetter()).isEqualTo(deadLetter);
    }

    @Test
    void readsBackAnyPayloadByteForByteWhetherTextOrBase64() {
        Random random = new Random(20261124L);
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(12)];
            random.nextBytes(payload);
            DeadLetter deadLetter = aDeadLetter().payload(payload).offset(i).build();

            assertThat(DeadLetter.fromJson(deadLetter.toJson()).deadLetter().payload()).as("payload %s", payload)
                    .isEqualTo(payload);
        }
    }

    @Test
    void readsBackANullAndAnEmptyPayload() {
        DeadLetter none = aDeadLetter().payload((byte[]) null).build();
        DeadLetter empty = aDeadLetter().payload(new byte[0]).build();

        assertThat(DeadLetter.fromJson(none.toJson()).deadLetter().payload()).isNull();
        assertThat(DeadLetter.fromJson(empty.toJson()).deadLetter().payload()).isEmpty();
    }

    @Test
    void readsBackTheSourcePositionAndTimestamp() {
        DeadLetter deadLetter = aDeadLetter().topic("logins").partition(Integer.MAX_VALUE).offset(Long.MAX_VALUE)
                .sourceTimestamp(Instant.parse("2026-03-29T01:30:00.123456789Z")).build();

        DeadLetter read = DeadLetter.fromJson(deadLetter.toJson()).deadLetter();

        assertThat(read.position()).isEqualTo("logins/2147483647/9223372036854775807");
        assertThat(read.sourceTimestamp()).isEqualTo(Instant.parse("2026-03-29T01:30:00.123456789Z"));
    }

    @Test
    void saysWhenItReadsBackATruncatedPayload() {
        byte[] big = new byte[DeadLetter.MAX_PAYLOAD_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'x');

        DeadLetter.Parsed read = DeadLetter.fromJson(aDeadLetter().payload(big).build().toJson());

        assertThat(read.payloadTruncated()).isTrue();
        assertThat(read.deadLetter().payload()).hasSize(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(DeadLetter.fromJson(aDeadLetter().build().toJson()).payloadTruncated()).isFalse();
    }

    @Test
    void ignoresMembersItDoesNotKnow() {
        String json = "{\"feature_set\":\"fs\",\"version\":2,\"reason\":\"LATE\",\"detail\":\"d\",\"extra\":{\"a\":[1]},"
                + "\"source\":{\"topic\":\"t\",\"partition\":1,\"offset\":2,\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"leader_epoch\":3},\"payload\":null}";

        DeadLetter read = DeadLetter.fromJson(json.getBytes(StandardCharsets.UTF_8)).deadLetter();

        assertThat(read).isEqualTo(new DeadLetter("fs", DeadLetterReason.LATE, "d", "t", 1, 2,
                Instant.parse("2026-01-01T00:00:00Z"), null));
    }

    static Stream<Arguments> notDeadLetters() {
        String source = "\"source\":{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}";
        String head = "{\"feature_set\":\"fs\",\"reason\":\"TYPE_MISMATCH\",\"detail\":\"d\",";
        return Stream.of(
                Arguments.of("[1]", "not a dead-letter message: not a JSON object"),
                Arguments.of("{\"feature_set\":", "not a dead-letter message: Unexpected end-of-input"),
                Arguments.of(head + source + "} {}", "not a dead-letter message: content after the JSON object"),
                Arguments.of("{\"reason\":\"TYPE_MISMATCH\",\"detail\":\"d\"," + source + "}",
                        "not a dead-letter message: member \"feature_set\" is missing"),
                Arguments.of(head + "\"source\":{\"topic\":\"t\",\"partition\":0,\"timestamp\":\"2026-01-01T00:00:00Z\"}}",
                        "not a dead-letter message: member \"source.offset\" is missing"),
                Arguments.of(head + "\"source\":{\"topic\":\"t\",\"partition\":-1,\"offset\":1,"
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\"}}",
                        "not a dead-letter message: member \"source.partition\" is not a number from 0 to 2147483647"),
                Arguments.of(head + "\"source\":\"t/0/1\"}", "not a dead-letter message: member \"source\" is not an object"),
                Arguments.of(head + "\"source\":{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"timestamp\":\"yesterday\"}}",
                        "not a dead-letter message: source.timestamp \"yesterday\" is not an ISO-8601 instant"),
                Arguments.of(head.replace("TYPE_MISMATCH", "COSMIC_RAY") + source + "}",
                        "not a dead-letter message of this version: unknown reason \"COSMIC_RAY\"; known: [MALFORMED_RECORD,"
                                + " TYPE_MISMATCH, INVALID_TIMESTAMP, MISSING_KEY, MISSING_TIMESTAMP, LATE, FUTURE_EVENT_TIME,"
                                + " TRANSFORM_ERROR]"),
                Arguments.of(head + source + ",\"payload\":\"x\"}",
                        "not a dead-letter message: member \"payload_encoding\" is missing"),
                Arguments.of(head + source + ",\"payload\":\"x\",\"payload_encoding\":\"latin-1\"}",
                        "not a dead-letter message: payload_encoding \"latin-1\" is neither \"utf-8\" nor \"base64\""),
                Arguments.of(head + source + ",\"payload\":\"*not*\",\"payload_encoding\":\"base64\"}",
                        "not a dead-letter message: the payload is not base64"),
                Arguments.of(head + source + ",\"payload\":7,\"payload_encoding\":\"utf-8\"}",
                        "not a dead-letter message: member \"payload\" is not a string"),
                Arguments.of(head + "\"detail\":\"again\"," + source + "}",
                        "not a dead-letter message: Duplicate field 'detail'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notDeadLetters")
    void refusesWhatIsNoDeadLetterMessageSayingWhy(String json, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadLetter.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .withMessageStartingWith(message);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The message's scalar members by dotted path ({@code source.topic}), read with Jackson's streaming parser; fails
     * on anything but one object with unique members.
     */
    private static Map<String, Object> parse(byte[] json) {
        Map<String, Object> members = new LinkedHashMap<>();
        try (JsonParser p = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                .createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            readObject(p, "", members);
            assertThat(p.nextToken()).as("content after the object").isNull();
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + text(json), e);
        }
        return members;
    }

    private static void readObject(JsonParser p, String prefix, Map<String, Object> members) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken value = p.nextToken();
            switch (value) {
                case START_OBJECT -> readObject(p, name + ".", members);
                case VALUE_STRING -> members.put(name, p.getText());
                case VALUE_NUMBER_INT -> members.put(name, p.getLongValue());
                case VALUE_TRUE, VALUE_FALSE -> members.put(name, p.getBooleanValue());
                case VALUE_NULL -> members.put(name, null);
                default -> throw new AssertionError("unexpected " + value + " at " + name);
            }
        }
    }
}
