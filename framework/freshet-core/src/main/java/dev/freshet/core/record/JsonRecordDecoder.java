package dev.freshet.core.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.schema.SqlTypeNames;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON record values against a source schema, strictly. Spark's {@code from_json} turns a wrong-typed member
 * into a silent null; this decoder instead rejects the record and names the member:
 *
 * <ul>
 *   <li>{@code {"amount":"abc"}} for a {@code double} column is {@link DeadLetterReason#TYPE_MISMATCH};
 *   <li>{@code {"amount":null}}, or no {@code amount} member, is a valid null;
 *   <li>a null or missing key column is {@link DeadLetterReason#MISSING_KEY}, a null or missing event-time column
 *       {@link DeadLetterReason#MISSING_TIMESTAMP};
 *   <li>a timestamp in an encoding the source does not declare is {@link DeadLetterReason#TYPE_MISMATCH}, one that
 *       does not parse {@link DeadLetterReason#INVALID_TIMESTAMP};
 *   <li>anything but one JSON object in UTF-8, a duplicate member, or a string value that is not Unicode text (an
 *       unpaired surrogate) is {@link DeadLetterReason#MALFORMED_RECORD}; so is a value beyond the parser's limits:
 *       more than {@value #MAX_NESTING_DEPTH} levels of nesting, a number of more than {@value #MAX_NUMBER_LENGTH}
 *       characters, a string read into a column of more than {@value #MAX_STRING_LENGTH} characters.
 * </ul>
 *
 * <p>Numbers: integer columns take integral JSON numbers within range; floating-point columns take any JSON number
 * within range (one that would round to infinity is {@link DeadLetterReason#TYPE_MISMATCH}); decimal columns take any
 * JSON number that {@code decimal(38,18)} holds, rounded half up to 18 places when it has more, as Spark would round
 * it. Strings are never converted to numbers or booleans. Members the schema does not name are ignored, whatever they
 * hold. A column may be read from a member of a nested object, named by a JSON Pointer ({@code /key/user_id}, as a
 * sink message of another feature set holds it); a parent that is missing, null or no object leaves it missing. Timestamps are {@link Instant}s (ISO-8601 strings need an offset or {@code Z}; epoch numbers are milliseconds),
 * dates {@link LocalDate}s, both within years 1 to 9999 as Spark stores them (a timestamp outside is
 * {@link DeadLetterReason#INVALID_TIMESTAMP}, a date {@link DeadLetterReason#TYPE_MISMATCH}). No value the decoder
 * accepts fails later when Spark encodes it.
 *
 * <p>Instances are immutable, serializable (for Spark executors) and thread-safe.
 */
public final class JsonRecordDecoder implements Serializable {

    /** How deeply arrays and objects may nest; deeper values are rejected, never parsed recursively. */
    public static final int MAX_NESTING_DEPTH = 1_000;

    /** The longest number, in characters, the decoder reads. */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    /** The longest string value of a column, in characters, the decoder reads. */
    public static final int MAX_STRING_LENGTH = 20_000_000;

    private static final long serialVersionUID = 1L;
    // The range of timestamps and dates Spark documents: beyond year 294247 its conversions overflow and fail the batch.
    private static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int DECIMAL_INTEGER_DIGITS = SqlTypeNames.DECIMAL_PRECISION - SqlTypeNames.DECIMAL_SCALE;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String[] columns;
    private final String[] jsonNames;
    private final ValueType[] types;
    private final boolean[] isKey;
    private final int timestampIndex;
    private final boolean acceptsIso;
    private final boolean acceptsEpochMillis;
    private transient Members members;
    private transient JsonFactory json;

    /**
     * A decoder for {@code source}'s schema.
     *
     * @param source          the source and its schema
     * @param keyColumns      key columns of the feature set; those in the schema must be present and non-null
     * @param timestampColumn event-time column; if in the schema it must be present and non-null
     */
    public JsonRecordDecoder(KafkaSourceSpec source, Collection<String> keyColumns, String timestampColumn) {
        List<SourceFieldSpec> fields = source.fields();
        int n = fields.size();
        columns = new String[n];
        jsonNames = new String[n];
        types = new ValueType[n];
        isKey = new boolean[n];
        int ts = -1;
        for (int i = 0; i < n; i++) {
            SourceFieldSpec f = fields.get(i);
            columns[i] = f.column();
            jsonNames[i] = f.jsonName();
            types[i] = f.type();
            isKey[i] = keyColumns.contains(f.column());
            if (f.column().equals(timestampColumn)) {
                ts = i;
            }
        }
        timestampIndex = ts;
        acceptsIso = source.timestampEncodings().contains(TimestampEncoding.ISO_8601);
        acceptsEpochMillis = source.timestampEncodings().contains(TimestampEncoding.EPOCH_MILLIS);
    }

    /** Number of columns, the length of {@link Decoded.Accepted#values()}. */
    public int width() {
        return columns.length;
    }

    /** Decodes one record value ({@code null} for a record without value). */
    public Decoded decode(byte[] payload) {
        if (payload == null) {
            return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD, "the record has no value");
        }
        if (startsLikeUtf16Or32(payload)) {
            return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD,
                    "the value is not UTF-8: it starts like UTF-16 or UTF-32 text");
        }
        Object[] values = new Object[columns.length];
        try (JsonParser p = json().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD, "the value is not a JSON object");
            }
            Decoded.Rejected rejected = readObject(p, index(), values);
            if (rejected != null) {
                return rejected;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD,
                        "the value is not a single JSON object");
            }
        } catch (JsonParseException e) {
            return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Decoded.Rejected(DeadLetterReason.MALFORMED_RECORD, "not valid JSON: " + e.getMessage());
        }
        for (int i = 0; i < columns.length; i++) {
            if (values[i] == null && isKey[i]) {
                return new Decoded.Rejected(DeadLetterReason.MISSING_KEY,
                        "key member \"" + jsonNames[i] + "\" is " + (mentioned(payload, i) ? "null" : "missing"));
            }
        }
        if (timestampIndex >= 0 && values[timestampIndex] == null) {
            return new Decoded.Rejected(DeadLetterReason.MISSING_TIMESTAMP, "event-time member \""
                    + jsonNames[timestampIndex] + "\" is " + (mentioned(payload, timestampIndex) ? "null" : "missing"));
        }
        return new Decoded.Accepted(values);
    }

    /**
     * Reads the members of the object the parser is in (after its start) into {@code values}, descending into the
     * nested objects that member paths name; returns the rejection of a member, or null. Leaves the parser on the
     * object's last token.
     */
    private Decoded.Rejected readObject(JsonParser p, Members members, Object[] values) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Integer i = members.leaves.get(name);
            Members nested = members.children.get(name);
            if (i != null) {
                try {
                    values[i] = read(p, v, i);
                } catch (Mismatch m) {
                    return new Decoded.Rejected(m.reason, "member \"" + jsonNames[i] + "\": " + m.getMessage());
                }
            } else if (nested != null && v == JsonToken.START_OBJECT) {
                Decoded.Rejected rejected = readObject(p, nested, values);
                if (rejected != null) {
                    return rejected;
                }
            } else {
                // Unnamed members, and a named parent that is no object (its nested members are then missing).
                p.skipChildren();
            }
        }
        return null;
    }

    private Object read(JsonParser p, JsonToken t, int i) throws IOException, Mismatch {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        ValueType type = types[i];
        switch (type) {
            case STRING:
                if (t == JsonToken.VALUE_STRING) {
                    String text = p.getText();
                    int at = unpairedSurrogate(text);
                    if (at >= 0) {
                        throw new Mismatch(DeadLetterReason.MALFORMED_RECORD, String.format(
                                "the string holds an unpaired surrogate \\u%04x, which UTF-8 cannot encode",
                                (int) text.charAt(at)));
                    }
                    return text;
                }
                break;
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                break;
            case INT:
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    try {
                        return p.getIntValue();
                    } catch (InputCoercionException e) {
                        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH,
                                "expected an int, got " + p.getText() + ", which is out of range");
                    }
                }
                break;
            case LONG:
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    BigInteger big = p.getBigIntegerValue();
                    if (big.compareTo(LONG_MIN) < 0 || big.compareTo(LONG_MAX) > 0) {
                        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH,
                                "expected a long, got " + p.getText() + ", which is out of range");
                    }
                    return big.longValue();
                }
                break;
            case FLOAT:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    float f = p.getFloatValue();
                    if (Float.isInfinite(f)) {
                        throw outOfRange("a float", p);
                    }
                    return f;
                }
                break;
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (Double.isInfinite(d)) {
                        throw outOfRange("a double", p);
                    }
                    return d;
                }
                break;
            case TIMESTAMP:
                return readTimestamp(p, t);
            case DATE:
                if (t == JsonToken.VALUE_STRING) {
                    LocalDate date;
                    try {
                        date = LocalDate.parse(p.getText());
                    } catch (DateTimeException e) {
                        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH,
                                "expected an ISO-8601 date such as \"2026-01-31\", got \"" + p.getText() + "\"");
                    }
                    if (date.getYear() < 1 || date.getYear() > 9999) {
                        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH,
                                "\"" + p.getText() + "\" is outside the range of dates, years 1 to 9999");
                    }
                    return date;
                }
                break;
            case DECIMAL:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    BigDecimal d = toDecimalColumn(p.getDecimalValue());
                    if (d == null) {
                        throw outOfRange("a decimal of at most " + DECIMAL_INTEGER_DIGITS + " digits before the point",
                                p);
                    }
                    return d;
                }
                break;
            default:
                throw new AssertionError(type);
        }
        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH, "expected " + expected(type) + ", got " + describe(p, t));
    }

    // A number beyond the type's range parses as infinity, which would poison every aggregate it reaches: reject it.
    private static Mismatch outOfRange(String expected, JsonParser p) throws IOException {
        return new Mismatch(DeadLetterReason.TYPE_MISMATCH,
                "expected " + expected + ", got " + abbreviate(p.getText()) + ", which is out of range");
    }

    /**
     * {@code d} as a {@code decimal(38,18)} column holds it — rounded half up to 18 places if it has more, as Spark
     * rounds — or null if it has more than 20 digits before the point. Computed without ever scaling by a power of ten
     * as large as the exponent: rounding {@code 1e-99999999} to 18 places directly takes over a minute, and
     * {@code 1e-999999999} overflows {@code BigInteger}.
     */
    private static BigDecimal toDecimalColumn(BigDecimal d) {
        int scale = SqlTypeNames.DECIMAL_SCALE;
        if (d.signum() == 0) { // such as 0e999999999
            return d.scale() >= -SqlTypeNames.DECIMAL_PRECISION && d.scale() <= scale ? d
                    : BigDecimal.ZERO.setScale(scale);
        }
        long integerDigits = (long) d.precision() - d.scale(); // |d| < 10^integerDigits
        if (integerDigits > DECIMAL_INTEGER_DIGITS) {
            return null;
        }
        if (d.scale() <= scale) {
            return d;
        }
        if (integerDigits < -scale) {
            return BigDecimal.ZERO.setScale(scale); // |d| < 10^-19: rounds to zero
        }
        BigDecimal rounded = d.setScale(scale, RoundingMode.HALF_UP); // drops at most precision + 18 digits
        return rounded.precision() - rounded.scale() > DECIMAL_INTEGER_DIGITS ? null : rounded;
    }

    private Instant readTimestamp(JsonParser p, JsonToken t) throws IOException, Mismatch {
        if (t == JsonToken.VALUE_STRING && acceptsIso) {
            String text = p.getText();
            Instant instant;
            try {
                instant = IsoTimestamps.parse(text);
            } catch (DateTimeException e) {
                throw new Mismatch(DeadLetterReason.INVALID_TIMESTAMP, "\"" + text + "\" is not an ISO-8601 timestamp"
                        + " with an offset, such as \"2026-01-31T12:00:00Z\"");
            }
            return withinRange(instant, "\"" + text + "\"");
        }
        if (t == JsonToken.VALUE_NUMBER_INT && acceptsEpochMillis) {
            Instant instant;
            try {
                instant = Instant.ofEpochMilli(p.getLongValue());
            } catch (InputCoercionException | DateTimeException e) {
                throw new Mismatch(DeadLetterReason.INVALID_TIMESTAMP,
                        p.getText() + " is out of range for epoch milliseconds");
            }
            return withinRange(instant, p.getText());
        }
        throw new Mismatch(DeadLetterReason.TYPE_MISMATCH, "expected " + expectedTimestamp() + ", got " + describe(p, t));
    }

    private static Instant withinRange(Instant instant, String written) throws Mismatch {
        if (instant.isBefore(MIN_TIMESTAMP) || instant.isAfter(MAX_TIMESTAMP)) {
            throw new Mismatch(DeadLetterReason.INVALID_TIMESTAMP,
                    written + " is outside the range of timestamps, years 1 to 9999 (UTC)");
        }
        return instant;
    }

    /**
     * Whether {@code payload} starts as UTF-16 or UTF-32 text would, which the parser would otherwise detect and read:
     * a JSON source is UTF-8 (RFC 8259 requires it between systems), and UTF-8 JSON holds no byte 0 outside a
     * rejected value, nor ever the bytes {@code FE} and {@code FF} of a byte-order mark.
     */
    private static boolean startsLikeUtf16Or32(byte[] payload) {
        if (payload.length >= 2 && ((payload[0] & 0xFF) == 0xFE || (payload[0] & 0xFF) == 0xFF)) {
            return true;
        }
        for (int i = 0; i < Math.min(4, payload.length); i++) {
            if (payload[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first surrogate in {@code s} that is not half of a pair, or -1. */
    private static int unpairedSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private String expectedTimestamp() {
        if (acceptsIso && acceptsEpochMillis) {
            return "an ISO-8601 timestamp string or epoch milliseconds";
        }
        return acceptsIso ? "an ISO-8601 timestamp string (this source does not accept epoch numbers)"
                : "epoch milliseconds (this source does not accept timestamp strings)";
    }

    private static String expected(ValueType type) {
        return switch (type) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INT -> "an int";
            case LONG -> "a long";
            case FLOAT, DOUBLE, DECIMAL -> "a number";
            case DATE -> "an ISO-8601 date string";
            case TIMESTAMP -> "a timestamp";
        };
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(t);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Whether member {@code i} appears in the payload at all, to tell "null" from "missing" in messages. */
    private boolean mentioned(byte[] payload, int i) {
        List<String> path = path(jsonNames[i]);
        try (JsonParser p = json().createParser(payload)) {
            p.nextToken();
            int depth = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = p.currentName().equals(path.get(depth));
                JsonToken v = p.nextToken();
                if (match && depth == path.size() - 1) {
                    return true;
                }
                if (match && v == JsonToken.START_OBJECT) {
                    depth++;
                    continue;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * The member names on the way to a column's member: {@code user_id} is {@code [user_id]}; a JSON Pointer
     * (RFC 6901) {@code /key/user_id} names the member {@code user_id} of the object in member {@code key}, with
     * {@code ~1} for a {@code /} and {@code ~0} for a {@code ~} in a name.
     */
    public static List<String> path(String jsonName) {
        if (!jsonName.startsWith("/")) {
            return List.of(jsonName);
        }
        List<String> names = new java.util.ArrayList<>();
        for (String token : jsonName.substring(1).split("/", -1)) {
            names.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return names;
    }

    private Members index() {
        Members m = members;
        if (m == null) {
            m = new Members();
            for (int i = 0; i < jsonNames.length; i++) {
                Members at = m;
                List<String> path = path(jsonNames[i]);
                for (String name : path.subList(0, path.size() - 1)) {
                    at = at.children.computeIfAbsent(name, n -> new Members());
                }
                at.leaves.put(path.get(path.size() - 1), i);
            }
            members = m;
        }
        return m;
    }

    /** The members the schema names in one JSON object: columns, and objects holding nested ones. */
    private static final class Members {
        private final Map<String, Integer> leaves = new HashMap<>();
        private final Map<String, Members> children = new HashMap<>();
    }

    private JsonFactory json() {
        JsonFactory f = json;
        if (f == null) {
            // The limits are set here rather than left to Jackson's defaults, which change between versions; the
            // nesting limit is what keeps a value of 10,000 nested arrays from costing more than a rejection.
            f = JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .build();
            json = f;
        }
        return f;
    }

    /** A member that does not fit its column; carries the reason to the caller. */
    private static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient DeadLetterReason reason;

        Mismatch(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
