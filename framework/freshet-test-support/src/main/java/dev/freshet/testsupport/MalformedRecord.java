package dev.freshet.testsupport;

import static dev.freshet.core.deadletter.DeadLetterReason.FUTURE_EVENT_TIME;
import static dev.freshet.core.deadletter.DeadLetterReason.INVALID_TIMESTAMP;
import static dev.freshet.core.deadletter.DeadLetterReason.MALFORMED_RECORD;
import static dev.freshet.core.deadletter.DeadLetterReason.MISSING_KEY;
import static dev.freshet.core.deadletter.DeadLetterReason.MISSING_TIMESTAMP;
import static dev.freshet.core.deadletter.DeadLetterReason.TYPE_MISMATCH;

import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A corpus of malformed and awkward Kafka records, one constant per kind, each with the raw bytes a producer might
 * send and what Freshet must do with it: which dead-letter reason it gets and from which stage, or that it is
 * ingested. The records follow the schema of {@link #featureSet()} (transactions with an int, a decimal and a date
 * column, timestamps as ISO-8601 strings or epoch milliseconds) and are meant to be produced with
 * {@link #KAFKA_TIMESTAMP} as their Kafka timestamp.
 *
 * <pre>{@code
 * for (MalformedRecord kind : MalformedRecord.values()) {
 *     EmbeddedKafka.send(topic, 0, kind.key(), kind.value(), MalformedRecord.KAFKA_TIMESTAMP);
 * }
 * }</pre>
 *
 * <p>The table in {@code docs/dead-letters.md} lists the same kinds; {@code MalformedRecordDecodingTest} checks the
 * decoder against every one, {@code MalformedRecordsIT} a running online job.
 */
public enum MalformedRecord {

    // ---- not one JSON object ----------------------------------------------------------------------------------------

    /** Two members without a comma between them. */
    INVALID_JSON(json("{'user_id':'u1' 'amount':12.5,'timestamp':'2026-01-01T00:00:00Z'}"), Expect.decoder(
            MALFORMED_RECORD, "not valid JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate"
                    + " Object entries")),
    /** A valid record cut off in the middle of a string, as by a producer that died mid-write. */
    TRUNCATED(Arrays.copyOf(valid("u1"), 40), Expect.decoder(MALFORMED_RECORD,
            "not valid JSON: Unexpected end-of-input")),
    /** A valid record wrapped in an array. */
    ARRAY(json("[" + text(valid("u1")) + "]"), Expect.decoder(MALFORMED_RECORD, "the value is not a JSON object")),
    /** A JSON string instead of an object, sent without a Kafka key. */
    SCALAR(null, json("'u1'"), Expect.decoder(MALFORMED_RECORD, "the value is not a JSON object")),
    /** Two objects in one value. */
    TRAILING_DATA(json(text(valid("u1")) + " " + text(valid("u2"))), Expect.decoder(MALFORMED_RECORD,
            "the value is not a single JSON object")),
    /** A member name given twice: which value counts would be a guess. */
    DUPLICATE_MEMBER(json("{'user_id':'u1','amount':1.0,'amount':2.0,'timestamp':'2026-01-01T00:00:00Z'}"),
            Expect.decoder(MALFORMED_RECORD, "not valid JSON: Duplicate field 'amount'")),
    /** A zero-length value. */
    EMPTY_VALUE(new byte[0], Expect.decoder(MALFORMED_RECORD, "the value is not a JSON object")),
    /** Only white space. */
    WHITESPACE_VALUE(json(" \r\n\t "), Expect.decoder(MALFORMED_RECORD, "the value is not a JSON object")),
    /** A record without value: a tombstone, as log compaction writes them. */
    NULL_VALUE(null, Expect.decoder(MALFORMED_RECORD, "the record has no value")),
    /** 10,000 nested arrays: must be rejected without recursing 10,000 deep on a task's stack. */
    DEEPLY_NESTED(json("[".repeat(10_000) + "]".repeat(10_000)), Expect.decoder(MALFORMED_RECORD,
            "the value is not a JSON object")),
    /** A valid record with a member the schema does not name holding 10,000 nested objects. */
    DEEPLY_NESTED_MEMBER(json("{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z','extra':" + "{'a':".repeat(10_000)
            + "1" + "}".repeat(10_000) + "}"), Expect.decoder(MALFORMED_RECORD,
            "not valid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000")),
    /** A number of 1,500 digits, beyond what the parser reads. */
    NUMBER_TOO_LONG(json("{'user_id':'u1','amount':1" + "0".repeat(1_499) + ",'timestamp':'2026-01-01T00:00:00Z'}"),
            Expect.decoder(MALFORMED_RECORD, "not valid JSON: Number value length (1500) exceeds the maximum allowed"
                    + " (1000")),

    // ---- not UTF-8 -------------------------------------------------------------------------------------------------

    /** A key written in ISO-8859-1 ({@code café} with a single byte {@code 0xE9}). */
    NOT_UTF8(concat(bytes("{\"user_id\":\"caf"), new byte[] {(byte) 0xE9}, bytes("\",\"timestamp\":"
            + "\"2026-01-01T00:00:00Z\"}")), Expect.decoder(MALFORMED_RECORD, "not valid JSON: Invalid UTF-8")),
    /** A valid record encoded as UTF-16 (big-endian, no byte-order mark), which JSON between systems must not be. */
    UTF16(new String(valid("u1"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE), Expect.decoder(
            MALFORMED_RECORD, "the value is not UTF-8: it starts like UTF-16 or UTF-32 text")),
    /** A key holding an unpaired UTF-16 surrogate escape, which no UTF-8 string can hold. */
    UNPAIRED_SURROGATE(json("{'user_id':'u\\ud800','timestamp':'2026-01-01T00:00:00Z'}"), Expect.decoder(
            MALFORMED_RECORD, "member \"user_id\": the string holds an unpaired surrogate \\ud800, which UTF-8 cannot"
                    + " encode")),
    /** A control character written into a string unescaped. */
    CONTROL_CHARACTER(json("{'user_id':'u\u0001','timestamp':'2026-01-01T00:00:00Z'}"), Expect.decoder(
            MALFORMED_RECORD, "not valid JSON: Illegal unquoted character ((CTRL-CHAR, code 1))")),

    // ---- wrong types and values out of range -----------------------------------------------------------------------

    /** A number written as a string. */
    WRONG_TYPE(valid("u1", "'amount':'12.50'"), Expect.decoder(TYPE_MISMATCH,
            "member \"amount\": expected a number, got the string \"12.50\"")),
    /** A string key written as a number. */
    KEY_OF_WRONG_TYPE(valid("42", "'user_id':42"), Expect.decoder(TYPE_MISMATCH,
            "member \"user_id\": expected a string, got the number 42")),
    /** An int column beyond {@code Integer.MAX_VALUE}. */
    INT_OUT_OF_RANGE(valid("u1", "'items':2147483648"), Expect.decoder(TYPE_MISMATCH,
            "member \"items\": expected an int, got 2147483648, which is out of range")),
    /** A double column beyond {@code Double.MAX_VALUE}, which would otherwise be infinity. */
    DOUBLE_OUT_OF_RANGE(valid("u1", "'amount':1e400"), Expect.decoder(TYPE_MISMATCH,
            "member \"amount\": expected a double, got 1e400, which is out of range")),
    /** A decimal column beyond {@code decimal(38,18)}, which has 20 digits before the point. */
    DECIMAL_OUT_OF_RANGE(valid("u1", "'price':1e21"), Expect.decoder(TYPE_MISMATCH,
            "member \"price\": expected a decimal of at most 20 digits before the point, got 1e21, which is out of"
                    + " range")),
    /** A date column in year 10,000. */
    DATE_OUT_OF_RANGE(valid("u1", "'day':'+10000-01-01'"), Expect.decoder(TYPE_MISMATCH,
            "member \"day\": \"+10000-01-01\" is outside the range of dates, years 1 to 9999")),
    /** A 4 MiB string in a number column. */
    HUGE_RECORD(valid("u-huge", "'amount':'" + "x".repeat(4 << 20) + "'"), Expect.decoder(TYPE_MISMATCH,
            "member \"amount\": expected a number, got the string \"" + "x".repeat(57) + "...\"")),

    // ---- key and event time ----------------------------------------------------------------------------------------

    /** No key member. */
    MISSING_KEY_MEMBER(json("{'amount':12.5,'timestamp':'2026-01-01T00:00:00Z'}"), Expect.decoder(MISSING_KEY,
            "key member \"user_id\" is missing")),
    /** A null key member. */
    NULL_KEY(valid("u1", "'user_id':null"), Expect.decoder(MISSING_KEY, "key member \"user_id\" is null")),
    /** An empty object. */
    EMPTY_OBJECT(json("{}"), Expect.decoder(MISSING_KEY, "key member \"user_id\" is missing")),
    /** No event-time member. */
    MISSING_TIMESTAMP_MEMBER(json("{'user_id':'u1','amount':12.5}"), Expect.decoder(MISSING_TIMESTAMP,
            "event-time member \"timestamp\" is missing")),
    /** A null event time. */
    NULL_TIMESTAMP(valid("u1", "'timestamp':null"), Expect.decoder(MISSING_TIMESTAMP,
            "event-time member \"timestamp\" is null")),
    /** An empty string as event time. */
    EMPTY_TIMESTAMP(valid("u1", "'timestamp':''"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": \"\" is not an ISO-8601 timestamp with an offset, such as \"2026-01-31T12:00:00Z\"")),
    /** February 30th. */
    INVALID_TIMESTAMP_STRING(valid("u1", "'timestamp':'2026-02-30T12:00:00Z'"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": \"2026-02-30T12:00:00Z\" is not an ISO-8601 timestamp with an offset, such as"
                    + " \"2026-01-31T12:00:00Z\"")),
    /** A local date-time: which zone it is in would be a guess. */
    TIMESTAMP_WITHOUT_OFFSET(valid("u1", "'timestamp':'2026-01-01T00:00:00'"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": \"2026-01-01T00:00:00\" is not an ISO-8601 timestamp with an offset, such as"
                    + " \"2026-01-31T12:00:00Z\"")),
    /** Epoch milliseconds before year 1, which Spark cannot hold. */
    TIMESTAMP_BEFORE_YEAR_ONE(valid("u1", "'timestamp':-62135596800001"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": -62135596800001 is outside the range of timestamps, years 1 to 9999 (UTC)")),
    /** An ISO-8601 timestamp in year 10,000. */
    TIMESTAMP_AFTER_YEAR_9999(valid("u1", "'timestamp':'+10000-01-01T00:00:00Z'"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": \"+10000-01-01T00:00:00Z\" is outside the range of timestamps, years 1 to 9999"
                    + " (UTC)")),
    /** {@code Long.MAX_VALUE} epoch milliseconds: year 292,278,994, far beyond Spark's microsecond range. */
    EPOCH_MILLIS_OVERFLOW(valid("u1", "'timestamp':9223372036854775807"), Expect.decoder(INVALID_TIMESTAMP,
            "member \"timestamp\": 9223372036854775807 is outside the range of timestamps, years 1 to 9999 (UTC)")),
    /**
     * The last second of year 9999: a readable instant, so only an aggregated feature set's maximum skew rejects it; a
     * row-level feature set stores it (see docs/limitations.md).
     */
    FAR_FUTURE_TIMESTAMP(valid("u-far-future", "'timestamp':'9999-12-31T23:59:59Z'"), Expect.eventTime(
            FUTURE_EVENT_TIME, "event time 9999-12-31T23:59:59")),

    // ---- accepted: awkward but valid -------------------------------------------------------------------------------

    /** Members the schema does not name, of every JSON type: ignored. */
    UNEXPECTED_MEMBERS(valid("u-unexpected", "'note':'x','tags':['a',{'amount':'abc'}],'nested':{'user_id':null},"
            + "'flag':true,'nothing':null"), Expect.accepted()),
    /** Epoch milliseconds of -1: 1969-12-31T23:59:59.999Z, an instant like any other. */
    NEGATIVE_EPOCH_MILLIS(valid("u-negative", "'timestamp':-1"), Expect.accepted()),
    /** An empty string is a key like any other. */
    EMPTY_STRING_KEY(valid(""), Expect.accepted()),
    /** A decimal so small it rounds to zero in {@code decimal(38,18)}, written with a nine-digit exponent. */
    TINY_DECIMAL(valid("u-tiny", "'price':1e-999999999"), Expect.accepted()),
    /** A valid record of 4 MiB, most of it a member the schema does not name. */
    HUGE_VALID_RECORD(valid("u-huge-valid", "'note':'" + "y".repeat(4 << 20) + "'"), Expect.accepted());

    /** The Kafka timestamp to produce every record with; {@link #FAR_FUTURE_TIMESTAMP} is relative to it. */
    public static final Instant KAFKA_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    /** The SQL of {@link #featureSet()}: every source column. */
    public static final String SQL =
            "SELECT user_id, amount, items, price, is_remote, day, timestamp FROM transaction_stream";

    private final byte[] key;
    private final byte[] value;
    private final Expect expect;

    MalformedRecord(byte[] value, Expect expect) {
        this("k", value, expect);
    }

    MalformedRecord(String key, byte[] value, Expect expect) {
        this.key = key == null ? null : bytes(key);
        this.value = value;
        this.expect = expect;
    }

    /**
     * A row-level feature set over the corpus' schema ({@code user_id} string key, {@code amount} double, {@code items}
     * int, {@code price} decimal, {@code is_remote} boolean, {@code day} date, {@code timestamp} as ISO-8601 or epoch
     * milliseconds), selecting every column; name and topic are the caller's.
     */
    public static FeatureSets.Builder featureSet() {
        return FeatureSets.aFeatureSet()
                .fields(field("user_id", ValueType.STRING), field("amount", ValueType.DOUBLE),
                        field("items", ValueType.INT), field("price", ValueType.DECIMAL),
                        field("is_remote", ValueType.BOOLEAN), field("day", ValueType.DATE),
                        field("timestamp", ValueType.TIMESTAMP))
                .timestampEncodings(TimestampEncoding.ISO_8601, TimestampEncoding.EPOCH_MILLIS)
                .maxEventTimeSkew(Duration.ofMinutes(5))
                .sql(SQL, FeatureSets.column("user_id", ValueType.STRING),
                        FeatureSets.column("amount", ValueType.DOUBLE), FeatureSets.column("items", ValueType.INT),
                        FeatureSets.column("price", ValueType.DECIMAL),
                        FeatureSets.column("is_remote", ValueType.BOOLEAN), FeatureSets.column("day", ValueType.DATE),
                        FeatureSets.column("timestamp", ValueType.TIMESTAMP));
    }

    /** A valid record of the corpus' schema for {@code user}, with event time {@code timestamp}. */
    public static byte[] valid(String user, Instant timestamp) {
        return valid(user, "'timestamp':'" + timestamp + "'");
    }

    /** The Kafka key to produce the record with; {@code null} for none. */
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** The Kafka value to produce; {@code null} for a record without value. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** Whether the decoder rejects the record, so that every job of every feature set dead-letters it. */
    public boolean rejectedByDecoder() {
        return expect.stage == Stage.DECODER;
    }

    /** The reason the decoder rejects the record with, if it does. */
    public Optional<DeadLetterReason> decoderReason() {
        return rejectedByDecoder() ? Optional.of(expect.reason) : Optional.empty();
    }

    /**
     * The reason an online job of {@code spec} dead-letters the record with, if it does: the decoder's for any feature
     * set; the event-time policy's (a future event time) for an aggregated one, or a row-level one with a maximum
     * skew.
     */
    public Optional<DeadLetterReason> reasonFor(FeatureSetSpec spec) {
        return switch (expect.stage) {
            case DECODER -> Optional.of(expect.reason);
            case EVENT_TIME -> spec.aggregated() || !spec.aggregations().maxEventTimeSkew().isZero()
                    ? Optional.of(expect.reason) : Optional.empty();
            case NONE -> Optional.empty();
        };
    }

    /** How the dead letter's detail starts (for most kinds, the whole detail); empty for a record never rejected. */
    public String detail() {
        return expect.detail;
    }

    private static SourceFieldSpec field(String name, ValueType type) {
        return new SourceFieldSpec(name, name, type);
    }

    /** A valid record for {@code user}, with {@code members} replacing or adding to the defaults. */
    private static byte[] valid(String user, String... members) {
        StringBuilder s = new StringBuilder("{");
        List<String> defaults = List.of("'user_id':'" + user + "'", "'amount':12.5", "'items':3", "'price':19.99",
                "'is_remote':false", "'day':'2026-01-01'", "'timestamp':'2026-01-01T00:00:00Z'");
        for (String d : defaults) {
            String name = d.substring(0, d.indexOf(':'));
            String replaced = Arrays.stream(members).filter(m -> m.startsWith(name + ":")).findFirst().orElse(d);
            s.append(s.length() > 1 ? "," : "").append(replaced);
        }
        for (String m : members) {
            String name = m.substring(0, m.indexOf(':'));
            if (defaults.stream().noneMatch(d -> d.startsWith(name + ":"))) {
                s.append(',').append(m);
            }
        }
        return json(s.append('}').toString());
    }

    /** JSON written with {@code '} for {@code "}, to keep the corpus readable. */
    private static byte[] json(String singleQuoted) {
        return bytes(singleQuoted.replace('\'', '"'));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8).replace('"', '\'');
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Which part of a job rejects a record. */
    private enum Stage {
        DECODER,
        /** The event-time check of the skew: every aggregated set, and row-level sets with a maximum skew. */
        EVENT_TIME,
        NONE
    }

    /** What must happen to a record: who rejects it, with what reason and detail. */
    private record Expect(Stage stage, DeadLetterReason reason, String detail) {
        static Expect decoder(DeadLetterReason reason, String detail) {
            return new Expect(Stage.DECODER, reason, detail);
        }

        static Expect eventTime(DeadLetterReason reason, String detail) {
            return new Expect(Stage.EVENT_TIME, reason, detail);
        }

        static Expect accepted() {
            return new Expect(Stage.NONE, null, "");
        }
    }
}
