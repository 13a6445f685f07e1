package dev.freshet.core.record;

import static dev.freshet.api.TimestampEncoding.EPOCH_MILLIS;
import static dev.freshet.api.TimestampEncoding.ISO_8601;
import static dev.freshet.core.deadletter.DeadLetterReason.INVALID_TIMESTAMP;
import static dev.freshet.core.deadletter.DeadLetterReason.MALFORMED_RECORD;
import static dev.freshet.core.deadletter.DeadLetterReason.MISSING_KEY;
import static dev.freshet.core.deadletter.DeadLetterReason.MISSING_TIMESTAMP;
import static dev.freshet.core.deadletter.DeadLetterReason.TYPE_MISMATCH;
import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.testdata.KafkaSourceSpecBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordDecoderTest {

    /** One column of every value type; {@code user_id} is the key, {@code timestamp} the event time. */
    private static final KafkaSourceSpec ALL_TYPES = allTypes().build();
    private static final JsonRecordDecoder DECODER = decoder(ALL_TYPES);
    private static final String REQUIRED = "'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'";

    // ---- accepted records ---------------------------------------------------------------------------------------

    @Test
    void decodesEveryTypeToItsJavaValue() {
        Object[] values = accepted(DECODER.decode(json("{'user_id':'u1','merchant':'Café','is_remote':true,"
                + "'items':3,'account':4000000000,'score':0.5,'amount':12.75,'price':19.99,'birth_date':'1990-05-17',"
                + "'timestamp':'2026-01-31T12:00:00Z'}")));

        assertThat(values).containsExactly("u1", "Café", true, 3, 4_000_000_000L, 0.5f, 12.75,
                new BigDecimal("19.99"), LocalDate.of(1990, 5, 17), Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(values).hasExactlyElementsOfTypes(String.class, String.class, Boolean.class, Integer.class,
                Long.class, Float.class, Double.class, BigDecimal.class, LocalDate.class, Instant.class);
    }

    /** A source of another feature set's sink messages: key, time and features read from nested members. */
    private static final JsonRecordDecoder NESTED = decoder(aSource()
            .field("user_id", "/key/user_id", ValueType.STRING)
            .field("timestamp", ValueType.TIMESTAMP)
            .field("sum_risk_1h", "/features/sum_risk_1h", ValueType.DOUBLE)
            .field("odd", "/features/a~1b~0c", ValueType.LONG)
            .build());

    @Test
    void readsColumnsFromNestedMembersNamedByJsonPointers() {
        Object[] values = accepted(NESTED.decode(json("{'featureset_name':'user-risk','timestamp':"
                + "'2026-12-03T10:15:30.123Z','key':{'user_id':'u7'},'features':{'max_risk_1h':3.0,"
                + "'sum_risk_1h':12.5,'a/b~c':4,'deep':{'sum_risk_1h':'ignored'}}}")));

        assertThat(values).containsExactly("u7", Instant.parse("2026-12-03T10:15:30.123Z"), 12.5, 4L);
    }

    @Test
    void aNestedMemberWhoseParentIsMissingNullOrNoObjectIsMissing() {
        String time = "'timestamp':'2026-12-03T10:15:30Z'";
        assertThat(accepted(NESTED.decode(json("{'key':{'user_id':'u7'}," + time + "}")))[2]).isNull();
        assertThat(accepted(NESTED.decode(json("{'key':{'user_id':'u7'}," + time + ",'features':null}")))[2])
                .isNull();
        assertThat(accepted(NESTED.decode(json("{'key':{'user_id':'u7'}," + time + ",'features':[1]}")))[2])
                .isNull();
        assertThat(NESTED.decode(json("{'key':'u7'," + time + "}")))
                .isEqualTo(rejected(DeadLetterReason.MISSING_KEY, "key member \"/key/user_id\" is missing"));
        assertThat(NESTED.decode(json("{'key':{'user_id':null}," + time + "}")))
                .isEqualTo(rejected(DeadLetterReason.MISSING_KEY, "key member \"/key/user_id\" is null"));
    }

    @Test
    void aNestedMemberOfTheWrongTypeIsATypeMismatchNamingItsPointer() {
        assertThat(NESTED.decode(json("{'key':{'user_id':'u7'},'timestamp':'2026-12-03T10:15:30Z',"
                + "'features':{'sum_risk_1h':'high'}}")))
                .isEqualTo(rejected(DeadLetterReason.TYPE_MISMATCH, "member \"/features/sum_risk_1h\": expected a"
                        + " number, got the string \"high\""));
    }

    @Test
    void hasOneValuePerColumnInSchemaOrder() {
        assertThat(DECODER.width()).isEqualTo(ALL_TYPES.fields().size()).isEqualTo(10);
    }

    @Test
    void readsANullMemberAsANullValue() {
        assertThat(valueOf("'amount':null", "amount")).isNull();
    }

    @Test
    void readsAMissingMemberAsANullValue() {
        Object[] values = accepted(DECODER.decode(json("{" + REQUIRED + "}")));

        assertThat(values).containsExactly("u1", null, null, null, null, null, null, null, null,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"merchant", "is_remote", "items", "account", "score", "amount", "price", "birth_date"})
    void acceptsNullForEveryTypeOfColumn(String column) {
        assertThat(valueOf("'" + column + "':null", column)).isNull();
    }

    @Test
    void ignoresMembersTheSchemaDoesNotName() {
        Object[] values = accepted(DECODER.decode(record(
                "'extra':1,'flag':false,'note':null,'nested':{'amount':'abc','deep':[1,{'x':[]}]},"
                        + "'list':[1,'two',{'amount':'abc'},[null]],'amount':5")));

        assertThat(values[column("amount")]).isEqualTo(5.0);
    }

    @Test
    void matchesMemberNamesCaseSensitively() {
        assertThat(valueOf("'Amount':'abc'", "amount")).isNull();
    }

    @Test
    void acceptsWhitespaceAroundTheObject() {
        assertThat(DECODER.decode(json(" \n\t{ " + REQUIRED + " }\r\n "))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void acceptsMembersInAnyOrder() {
        Object[] values = accepted(DECODER.decode(json(
                "{'amount':1.5,'timestamp':'2026-01-01T00:00:00Z','merchant':'m','user_id':'u1'}")));

        assertThat(values[column("user_id")]).isEqualTo("u1");
        assertThat(values[column("merchant")]).isEqualTo("m");
        assertThat(values[column("amount")]).isEqualTo(1.5);
    }

    @Test
    void readsAColumnFromItsDeclaredJsonMember() {
        JsonRecordDecoder decoder = decoder(aSource()
                .field("user_id", "user-id", ValueType.STRING)
                .field("amount", "amount_usd", ValueType.DOUBLE)
                .field("timestamp", ValueType.TIMESTAMP).build());

        Object[] values = accepted(decoder.decode(json(
                "{'user-id':'u1','user_id':'ignored','amount_usd':2.5,'timestamp':'2026-01-01T00:00:00Z'}")));

        assertThat(values).containsExactly("u1", 2.5, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void namesTheJsonMemberRatherThanTheColumnWhenRejecting() {
        JsonRecordDecoder decoder = decoder(aSource()
                .field("user_id", "user-id", ValueType.STRING)
                .field("amount", "amount_usd", ValueType.DOUBLE)
                .field("timestamp", ValueType.TIMESTAMP).build());

        assertThat(decoder.decode(json("{'user-id':'u1','amount_usd':'abc','timestamp':'2026-01-01T00:00:00Z'}")))
                .isEqualTo(rejected(TYPE_MISMATCH, "member \"amount_usd\": expected a number, got the string \"abc\""));
        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}")))
                .isEqualTo(rejected(MISSING_KEY, "key member \"user-id\" is missing"));
    }

    @Test
    void keepsMultiByteUtf8Strings() {
        assertThat(valueOf("'merchant':'Zoë 東京 🍣 Ω'", "merchant")).isEqualTo("Zoë 東京 🍣 Ω");
    }

    @Test
    void unescapesJsonEscapesInStrings() {
        assertThat(valueOf("'merchant':'\\u00eb \\ud83c\\udf63 \\\"q\\\" \\\\ \\/ \\n\\t'", "merchant"))
                .isEqualTo("ë 🍣 \"q\" \\ / \n\t");
    }

    @Test
    void readsAMemberNameWrittenWithEscapes() {
        assertThat(valueOf("'am\\u006funt':1", "amount")).isEqualTo(1.0);
    }

    @Test
    void acceptsAnEmptyStringAsAString() {
        assertThat(valueOf("'merchant':''", "merchant")).isEqualTo("");
    }

    // ---- type mismatches ----------------------------------------------------------------------------------------

    @Test
    void rejectsAStringWhereANumberIsDeclaredNamingTheMemberAndTheValue() {
        assertThat(DECODER.decode(record("'amount':'abc'")))
                .isEqualTo(rejected(TYPE_MISMATCH, "member \"amount\": expected a number, got the string \"abc\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'merchant':5          | member \"merchant\": expected a string, got the number 5",
        "'merchant':true       | member \"merchant\": expected a string, got the boolean true",
        "'is_remote':'true'    | member \"is_remote\": expected true or false, got the string \"true\"",
        "'is_remote':1         | member \"is_remote\": expected true or false, got the number 1",
        "'items':'3'           | member \"items\": expected an int, got the string \"3\"",
        "'items':false         | member \"items\": expected an int, got the boolean false",
        "'account':'4'         | member \"account\": expected a long, got the string \"4\"",
        "'score':'0.5'         | member \"score\": expected a number, got the string \"0.5\"",
        "'amount':'12.75'      | member \"amount\": expected a number, got the string \"12.75\"",
        "'amount':'NaN'        | member \"amount\": expected a number, got the string \"NaN\"",
        "'price':'19.99'       | member \"price\": expected a number, got the string \"19.99\"",
        "'birth_date':19900517 | member \"birth_date\": expected an ISO-8601 date string, got the number 19900517",
    })
    void neverCoercesBetweenJsonTypes(String member, String detail) {
        assertThat(DECODER.decode(record(member))).isEqualTo(rejected(TYPE_MISMATCH, detail));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'amount':{'value':1}  | member \"amount\": expected a number, got an object",
        "'amount':[1]          | member \"amount\": expected a number, got an array",
        "'merchant':{}         | member \"merchant\": expected a string, got an object",
        "'merchant':['m']      | member \"merchant\": expected a string, got an array",
        "'is_remote':[]        | member \"is_remote\": expected true or false, got an array",
        "'birth_date':{}       | member \"birth_date\": expected an ISO-8601 date string, got an object",
    })
    void rejectsAnObjectOrArrayWhereAScalarIsDeclared(String member, String detail) {
        assertThat(DECODER.decode(record(member))).isEqualTo(rejected(TYPE_MISMATCH, detail));
    }

    @Test
    void rejectsAnObjectWhereATimestampIsDeclared() {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':{'seconds':1}}"))).isEqualTo(rejected(
                TYPE_MISMATCH, "member \"timestamp\": expected an ISO-8601 timestamp string (this source does not"
                        + " accept epoch numbers), got an object"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'items':1.5     | member \"items\": expected an int, got the number 1.5",
        "'items':1.0     | member \"items\": expected an int, got the number 1.0",
        "'items':1e3     | member \"items\": expected an int, got the number 1e3",
        "'account':1.5   | member \"account\": expected a long, got the number 1.5",
        "'account':-2E0  | member \"account\": expected a long, got the number -2E0",
    })
    void rejectsANumberWithAFractionOrExponentInAnIntegerColumn(String member, String detail) {
        assertThat(DECODER.decode(record(member))).isEqualTo(rejected(TYPE_MISMATCH, detail));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE})
    void acceptsEveryIntInAnIntColumn(int value) {
        assertThat(valueOf("'items':" + value, "items")).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2147483648", "-2147483649", "99999999999999999999"})
    void rejectsANumberBeyondTheIntRange(String number) {
        assertThat(DECODER.decode(record("'items':" + number))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"items\": expected an int, got " + number + ", which is out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
    void acceptsEveryLongInALongColumn(long value) {
        assertThat(valueOf("'account':" + value, "account")).isEqualTo(value);
    }

    @Test
    void acceptsASmallNumberInALongColumnAsALong() {
        assertThat(valueOf("'account':7", "account")).isEqualTo(7L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"})
    void rejectsANumberBeyondTheLongRange(String number) {
        assertThat(DECODER.decode(record("'account':" + number))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"account\": expected a long, got " + number + ", which is out of range"));
    }

    @Test
    void acceptsAnIntegralNumberInADoubleColumn() {
        assertThat(valueOf("'amount':42", "amount")).isEqualTo(42.0);
    }

    @Test
    void acceptsAnIntegralNumberInAFloatColumn() {
        assertThat(valueOf("'score':42", "score")).isEqualTo(42.0f);
    }

    @Test
    void acceptsAnIntegralNumberInADecimalColumn() {
        assertThat(valueOf("'price':42", "price")).isEqualTo(new BigDecimal("42"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.1", "19.990", "-0.000001", "12345678901234567890.123456789012345678", "1E+3",
        "2.5e-10", "1E+19", "-99999999999999999999.999999999999999999", "0.000000000000000001"})
    void keepsADecimalsDigitsAndScaleExactlyWhenTheColumnHoldsThem(String number) {
        assertThat(valueOf("'price':" + number, "price")).isEqualTo(new BigDecimal(number));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "12345678901234567890.123456789012345678901234567890, 12345678901234567890.123456789012345679",
        "0.1234567890123456785,                               0.123456789012345679",
        "0.1234567890123456784,                               0.123456789012345678",
        "-0.0000000000000000005,                              -0.000000000000000001",
        "5e-19,                                               0.000000000000000001",
        "4.9e-19,                                             0.000000000000000000",
        "99999999999999999999.9999999999999999994,            99999999999999999999.999999999999999999",
    })
    void roundsADecimalToEighteenPlacesHalfUpAsTheColumnHoldsIt(String number, String rounded) {
        assertThat(valueOf("'price':" + number, "price")).isEqualTo(new BigDecimal(rounded));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e-999999999", "-1e-999999999", "123.456e-999999990"})
    void roundsADecimalFarBelowTheLastPlaceToZeroWithoutScalingIt(String number) {
        // Scaling 1e-999999999 to 18 places directly needs 10^999999981, more than BigInteger holds.
        assertThat(valueOf("'price':" + number, "price")).isEqualTo(new BigDecimal("0E-18"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0e-999999999", "0e999999999", "-0.0e-30"})
    void readsAZeroOfAnyExponentAsZero(String number) {
        assertThat((BigDecimal) valueOf("'price':" + number, "price")).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e20", "-1e20", "100000000000000000000", "123456789012345678901.5",
        "99999999999999999999.9999999999999999995", "1e999999999"})
    void rejectsADecimalWithMoreThanTwentyDigitsBeforeThePoint(String number) {
        assertThat(DECODER.decode(record("'price':" + number))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"price\": expected a decimal of at most 20 digits before the point, got " + number
                        + ", which is out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-1.5e3, -1500.0", "4.9E-324, 4.9E-324", "1.7976931348623157E308, 1.7976931348623157E308",
        "-0.0, -0.0"})
    void readsAnyNumberWithinRangeInADoubleColumn(String number, double expected) {
        assertThat(valueOf("'amount':" + number, "amount")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e400", "-1e400", "1.8e308"})
    void rejectsANumberThatOverflowsADouble(String number) {
        assertThat(DECODER.decode(record("'amount':" + number))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"amount\": expected a double, got " + number + ", which is out of range"));
    }

    @Test
    void readsTheLargestFloatInAFloatColumn() {
        assertThat(valueOf("'score':3.4028235E38", "score")).isEqualTo(Float.MAX_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e39", "-1e39", "340282356779733661637539395458142568448"})
    void rejectsANumberThatOverflowsAFloat(String number) {
        assertThat(DECODER.decode(record("'score':" + number))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"score\": expected a float, got " + number + ", which is out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2026-02-30 | member \"birth_date\": expected an ISO-8601 date such as \"2026-01-31\", got \"2026-02-30\"",
        "2026-1-5   | member \"birth_date\": expected an ISO-8601 date such as \"2026-01-31\", got \"2026-1-5\"",
        "31/01/2026 | member \"birth_date\": expected an ISO-8601 date such as \"2026-01-31\", got \"31/01/2026\"",
        "2026-01-31T00:00:00Z | member \"birth_date\": expected an ISO-8601 date such as \"2026-01-31\", got \"2026-01-31T00:00:00Z\"",
    })
    void rejectsADateStringThatIsNotAnIsoDate(String date, String detail) {
        assertThat(DECODER.decode(record("'birth_date':'" + date + "'"))).isEqualTo(rejected(TYPE_MISMATCH, detail));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+10000-01-01", "-0001-12-31", "0000-12-31", "+999999999-12-31"})
    void rejectsADateOutsideYearsOneTo9999(String date) {
        assertThat(DECODER.decode(record("'birth_date':'" + date + "'"))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"birth_date\": \"" + date + "\" is outside the range of dates, years 1 to 9999"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0001-01-01", "9999-12-31"})
    void acceptsTheFirstAndLastDateOfTheRange(String date) {
        assertThat(valueOf("'birth_date':'" + date + "'", "birth_date")).isEqualTo(LocalDate.parse(date));
    }

    @Test
    void abbreviatesALongValueInTheDetail() {
        String longText = "x".repeat(100);

        assertThat(DECODER.decode(record("'amount':'" + longText + "'"))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"amount\": expected a number, got the string \"" + "x".repeat(57) + "...\""));
    }

    @Test
    void reportsTheFirstMismatchedMemberInTheRecord() {
        assertThat(DECODER.decode(record("'items':'a','amount':'b'")))
                .isEqualTo(rejected(TYPE_MISMATCH, "member \"items\": expected an int, got the string \"a\""));
    }

    // ---- key and event time -------------------------------------------------------------------------------------

    @Test
    void rejectsANullKey() {
        assertThat(DECODER.decode(json("{'user_id':null,'timestamp':'2026-01-01T00:00:00Z'}")))
                .isEqualTo(rejected(MISSING_KEY, "key member \"user_id\" is null"));
    }

    @Test
    void rejectsAMissingKey() {
        assertThat(DECODER.decode(json("{'timestamp':'2026-01-01T00:00:00Z','amount':1}")))
                .isEqualTo(rejected(MISSING_KEY, "key member \"user_id\" is missing"));
    }

    @Test
    void saysMissingWhenTheKeyOnlyAppearsInsideANestedObject() {
        assertThat(DECODER.decode(json("{'timestamp':'2026-01-01T00:00:00Z','nested':{'user_id':'u1'}}")))
                .isEqualTo(rejected(MISSING_KEY, "key member \"user_id\" is missing"));
    }

    @Test
    void rejectsTheFirstAbsentKeyColumnOfACompositeKey() {
        KafkaSourceSpec source = allTypes().build();
        JsonRecordDecoder decoder = new JsonRecordDecoder(source, List.of("user_id", "merchant"), "timestamp");

        assertThat(decoder.decode(record("'merchant':null")))
                .isEqualTo(rejected(MISSING_KEY, "key member \"merchant\" is null"));
    }

    @Test
    void ignoresKeyColumnsTheSourceDoesNotHave() {
        JsonRecordDecoder decoder = new JsonRecordDecoder(ALL_TYPES, List.of("computed_in_sql"), "timestamp");

        assertThat(decoder.decode(json("{'timestamp':'2026-01-01T00:00:00Z'}"))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void rejectsANullEventTime() {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':null}")))
                .isEqualTo(rejected(MISSING_TIMESTAMP, "event-time member \"timestamp\" is null"));
    }

    @Test
    void rejectsAMissingEventTime() {
        assertThat(DECODER.decode(json("{'user_id':'u1'}")))
                .isEqualTo(rejected(MISSING_TIMESTAMP, "event-time member \"timestamp\" is missing"));
    }

    @Test
    void reportsAMissingKeyBeforeAMissingEventTime() {
        assertThat(DECODER.decode(json("{}"))).isEqualTo(rejected(MISSING_KEY, "key member \"user_id\" is missing"));
    }

    @Test
    void ignoresAnEventTimeColumnTheSourceDoesNotHave() {
        JsonRecordDecoder decoder = new JsonRecordDecoder(ALL_TYPES, List.of("user_id"), "computed_in_sql");

        assertThat(decoder.decode(json("{'user_id':'u1'}"))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void acceptsANullInATimestampColumnThatIsNotTheEventTime() {
        JsonRecordDecoder decoder = decoder(KafkaSourceSpecBuilder.aTransactionSource()
                .field("created_at", ValueType.TIMESTAMP).build());

        Object[] values = accepted(decoder.decode(record("'created_at':null")));

        assertThat(values[3]).isNull();
    }

    // ---- timestamps ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2026-01-31T12:00:00Z,           2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00+02:00,      2026-01-31T10:00:00Z",
        "2026-01-31T12:00:00-05:30,      2026-01-31T17:30:00Z",
        "2026-01-01T01:00:00+02:00,      2025-12-31T23:00:00Z",
        "2026-01-31T12:00Z,              2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00.250Z,       2026-01-31T12:00:00.250Z",
        "2026-01-31T12:00:00.123456789Z, 2026-01-31T12:00:00.123456789Z",
        "2026-01-31T12:00:00.1+01:00,    2026-01-31T11:00:00.100Z",
    })
    void readsAnIsoTimestampWithAnOffsetAsAnInstant(String text, Instant expected) {
        assertThat(eventTime(DECODER, "'" + text + "'")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"2026-01-31T12:00:00", "2026-01-31", "2026-01-31 12:00:00Z", "yesterday", "",
        "1767225600000", "2026-01-31T25:00:00Z", "2026-01-31T12:00:00+25:00"})
    void rejectsAStringThatIsNotAnIsoTimestampWithAnOffset(String text) {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':'" + text + "'}"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"timestamp\": \"" + text + "\" is not an ISO-8601 timestamp with an"
                        + " offset, such as \"2026-01-31T12:00:00Z\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "0000-12-31T23:59:59.999999999Z", "-2026-01-01T00:00:00Z",
        "9999-12-31T23:59:59-00:01", "0001-01-01T00:30:00+01:00", "+999999999-12-31T23:59:59Z"})
    void rejectsAnIsoTimestampOutsideYearsOneTo9999(String text) {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':'" + text + "'}"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"timestamp\": \"" + text + "\" is outside the range of timestamps, years 1"
                        + " to 9999 (UTC)"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "0001-01-01T01:00:00+01:00"})
    void acceptsTheFirstAndLastInstantOfTheRange(String text) {
        assertThat(eventTime(DECODER, "'" + text + "'"))
                .isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-62135596800001L, 253402300800000L, Long.MAX_VALUE, Long.MIN_VALUE})
    void rejectsEpochMillisOutsideYearsOneTo9999(long millis) {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':" + millis + "}"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"timestamp\": " + millis + " is outside the range of timestamps, years 1 to"
                        + " 9999 (UTC)"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-62135596800000L, 253402300799999L})
    void acceptsTheFirstAndLastEpochMillisOfTheRange(long millis) {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(eventTime(decoder, Long.toString(millis))).isEqualTo(Instant.ofEpochMilli(millis));
    }

    @Test
    void appliesTheRangeToATimestampColumnThatIsNotTheEventTime() {
        JsonRecordDecoder decoder = decoder(KafkaSourceSpecBuilder.aTransactionSource()
                .field("created_at", ValueType.TIMESTAMP).build());

        assertThat(decoder.decode(record("'created_at':'+10000-01-01T00:00:00Z'"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"created_at\": \"+10000-01-01T00:00:00Z\" is outside the range of"
                        + " timestamps, years 1 to 9999 (UTC)"));
    }

    @Test
    void rejectsEpochMillisWhenTheSourceOnlyDeclaresIso() {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':1767225600000}"))).isEqualTo(rejected(
                TYPE_MISMATCH, "member \"timestamp\": expected an ISO-8601 timestamp string (this source does not"
                        + " accept epoch numbers), got the number 1767225600000"));
    }

    @Test
    void readsEpochMillisWhenTheSourceDeclaresThem() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(eventTime(decoder, "1767225600250")).isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z"));
    }

    @Test
    void readsNegativeEpochMillisAsAnInstantBefore1970() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(eventTime(decoder, "-1")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
    }

    @Test
    void rejectsAStringWhenTheSourceOnlyDeclaresEpochMillis() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}"))).isEqualTo(rejected(
                TYPE_MISMATCH, "member \"timestamp\": expected epoch milliseconds (this source does not accept"
                        + " timestamp strings), got the string \"2026-01-01T00:00:00Z\""));
    }

    @Test
    void rejectsAFractionalEpochNumber() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':1767225600000.5}"))).isEqualTo(rejected(
                TYPE_MISMATCH, "member \"timestamp\": expected epoch milliseconds (this source does not accept"
                        + " timestamp strings), got the number 1767225600000.5"));
    }

    @Test
    void rejectsAnEpochNumberBeyondTheLongRange() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':9223372036854775808}"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"timestamp\": 9223372036854775808 is out of range for epoch milliseconds"));
    }

    @Test
    void readsBothEncodingsWhenTheSourceDeclaresBoth() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(ISO_8601, EPOCH_MILLIS).build());

        assertThat(eventTime(decoder, "'2026-01-01T00:00:00Z'")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(eventTime(decoder, "1767225600000")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void namesBothEncodingsWhenRejectingATimestampOfAnotherType() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(ISO_8601, EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':true}"))).isEqualTo(rejected(TYPE_MISMATCH,
                "member \"timestamp\": expected an ISO-8601 timestamp string or epoch milliseconds, got the boolean"
                        + " true"));
    }

    @Test
    void rejectsAnUnparsableStringAsInvalidEvenWhenEpochMillisAreAlsoDeclared() {
        JsonRecordDecoder decoder = decoder(allTypes().timestampEncodings(ISO_8601, EPOCH_MILLIS).build());

        assertThat(decoder.decode(json("{'user_id':'u1','timestamp':'1767225600000'}"))).isEqualTo(rejected(
                INVALID_TIMESTAMP, "member \"timestamp\": \"1767225600000\" is not an ISO-8601 timestamp with an"
                        + " offset, such as \"2026-01-31T12:00:00Z\""));
    }

    // ---- malformed records --------------------------------------------------------------------------------------

    @Test
    void rejectsARecordWithoutValue() {
        assertThat(DECODER.decode(null)).isEqualTo(rejected(MALFORMED_RECORD, "the record has no value"));
    }

    @Test
    void rejectsAnEmptyValue() {
        assertThat(DECODER.decode(new byte[0])).isEqualTo(rejected(MALFORMED_RECORD, "the value is not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}]", "'a string'", "42",
        "true", "null", "   "})
    void rejectsAValueThatIsNotAJsonObject(String value) {
        assertThat(DECODER.decode(json(value))).isEqualTo(rejected(MALFORMED_RECORD, "the value is not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}{}",
        "{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'} {'user_id':'u2'}",
        "{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}\n[]",
        "{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'} 42"})
    void rejectsMoreThanOneJsonValue(String value) {
        assertThat(DECODER.decode(json(value)))
                .isEqualTo(rejected(MALFORMED_RECORD, "the value is not a single JSON object"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hello                                 | Unrecognized token 'hello'",
        "{'user_id':'u1'                       | Unexpected end-of-input",
        "{'user_id':'u1','timestamp':'2026-01  | Unexpected end-of-input",
        "{                                     | Unexpected end-of-input",
        "{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'} garbage | Unrecognized token 'garbage'",
        "{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z'}}        | Unexpected close marker '}'",
        "{'user_id':'u1',}                     | Unexpected character ('}' (code 125))",
        "{user_id:'u1'}                        | Unexpected character ('u' (code 117))",
        "{'amount':NaN}                        | Non-standard token 'NaN'",
        "{'amount':01}                         | Invalid numeric value: Leading zeroes not allowed",
        "{'amount':1 /* one */}                | Unexpected character ('/' (code 47))",
    })
    void rejectsTextThatIsNotValidJson(String value, String jacksonSays) {
        Decoded decoded = DECODER.decode(json(value));

        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        Decoded.Rejected rejected = (Decoded.Rejected) decoded;
        assertThat(rejected.reason()).isEqualTo(MALFORMED_RECORD);
        assertThat(rejected.detail()).startsWith("not valid JSON: " + jacksonSays);
    }

    @Test
    void rejectsSingleQuotedJson() {
        byte[] payload = "{'user_id':'u1'}".getBytes(StandardCharsets.UTF_8);

        assertThat(DECODER.decode(payload)).isEqualTo(rejected(MALFORMED_RECORD,
                "not valid JSON: Unexpected character (''' (code 39)): was expecting double-quote to start field name"));
    }

    @Test
    void rejectsADuplicateMember() {
        assertThat(DECODER.decode(record("'amount':1,'amount':2")))
                .isEqualTo(rejected(MALFORMED_RECORD, "not valid JSON: Duplicate field 'amount'"));
    }

    @Test
    void rejectsADuplicateKeyMemberEvenWithEqualValues() {
        assertThat(DECODER.decode(json("{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z','user_id':'u1'}")))
                .isEqualTo(rejected(MALFORMED_RECORD, "not valid JSON: Duplicate field 'user_id'"));
    }

    @Test
    void rejectsADuplicateMemberTheSchemaDoesNotName() {
        assertThat(DECODER.decode(record("'extra':1,'extra':2")))
                .isEqualTo(rejected(MALFORMED_RECORD, "not valid JSON: Duplicate field 'extra'"));
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] prefix = "{\"user_id\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"timestamp\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        payload[prefix.length] = (byte) 0xC3; // a two-byte sequence cut short by a byte that is no continuation
        payload[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, payload, prefix.length + 2, suffix.length);

        Decoded decoded = DECODER.decode(payload);

        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) decoded).reason()).isEqualTo(MALFORMED_RECORD);
        assertThat(((Decoded.Rejected) decoded).detail()).startsWith("not valid JSON: Invalid UTF-8");
    }

    static Stream<Arguments> utf16And32() {
        String valid = "{\"user_id\":\"u1\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
        return Stream.of("UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32")
                .map(charset -> Arguments.of(charset, valid.getBytes(Charset.forName(charset))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf16And32")
    void rejectsJsonInUtf16OrUtf32ThatTheParserWouldReadOtherwise(String charset, byte[] payload) {
        assertThat(DECODER.decode(payload)).isEqualTo(rejected(MALFORMED_RECORD,
                "the value is not UTF-8: it starts like UTF-16 or UTF-32 text"));
    }

    @Test
    void acceptsAUtf8ByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] record = record("'amount':1");
        byte[] payload = new byte[bom.length + record.length];
        System.arraycopy(bom, 0, payload, 0, bom.length);
        System.arraycopy(record, 0, payload, bom.length, record.length);

        assertThat(accepted(DECODER.decode(payload))[column("amount")]).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "u\\ud800       | \\ud800",
        "\\udc00u       | \\udc00",
        "a\\ud83c\\ud83cb | \\ud83c",
        "\\ud83c\\udf63\\udf63 | \\udf63",
        "end\\ud83c     | \\ud83c",
    })
    void rejectsAStringWithAnUnpairedSurrogate(String escaped, String surrogate) {
        assertThat(DECODER.decode(record("'merchant':'" + escaped + "'"))).isEqualTo(rejected(MALFORMED_RECORD,
                "member \"merchant\": the string holds an unpaired surrogate " + surrogate
                        + ", which UTF-8 cannot encode"));
    }

    @Test
    void rejectsASurrogateEncodedAsUtf8BytesAsInvalidUtf8() {
        byte[] prefix = json("{'user_id':'u1','timestamp':'2026-01-01T00:00:00Z','merchant':'");
        byte[] payload = new byte[prefix.length + 5];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        payload[prefix.length] = (byte) 0xED; // U+D800 encoded as if it were a character (CESU-8)
        payload[prefix.length + 1] = (byte) 0xA0;
        payload[prefix.length + 2] = (byte) 0x80;
        payload[prefix.length + 3] = '"';
        payload[prefix.length + 4] = '}';

        assertThat(DECODER.decode(payload)).isEqualTo(rejected(MALFORMED_RECORD,
                "not valid JSON: Invalid UTF-8: Illegal surrogate character 0xd800"));
    }

    @Test
    void ignoresAnUnpairedSurrogateInAMemberTheSchemaDoesNotName() {
        assertThat(DECODER.decode(record("'note':'\\ud800'"))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        int depth = JsonRecordDecoder.MAX_NESTING_DEPTH; // plus the record itself
        String nested = "[".repeat(depth) + "]".repeat(depth);

        Decoded decoded = DECODER.decode(record("'extra':" + nested));

        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) decoded).reason()).isEqualTo(MALFORMED_RECORD);
        assertThat(((Decoded.Rejected) decoded).detail()).startsWith("not valid JSON: Document nesting depth (1001)"
                + " exceeds the maximum allowed (1000");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        int depth = JsonRecordDecoder.MAX_NESTING_DEPTH - 1;
        String nested = "{'a':".repeat(depth) + "1" + "}".repeat(depth);

        assertThat(DECODER.decode(record("'extra':" + nested))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void rejectsANumberLongerThanTheLimit() {
        String number = "1".repeat(JsonRecordDecoder.MAX_NUMBER_LENGTH + 1);

        Decoded decoded = DECODER.decode(record("'extra':" + number));

        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) decoded).detail()).startsWith("not valid JSON: Number value length (1001)"
                + " exceeds the maximum allowed (1000");
    }

    @Test
    void acceptsANumberOfTheLimitsLength() {
        String number = "1".repeat(JsonRecordDecoder.MAX_NUMBER_LENGTH);

        assertThat(DECODER.decode(record("'extra':" + number))).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void rejectsAStringValueLongerThanTheLimit() {
        String merchant = "m".repeat(JsonRecordDecoder.MAX_STRING_LENGTH + 1);

        Decoded decoded = DECODER.decode(record("'merchant':'" + merchant + "'"));

        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) decoded).reason()).isEqualTo(MALFORMED_RECORD);
        assertThat(((Decoded.Rejected) decoded).detail()).startsWith("not valid JSON: String value length (20000001)"
                + " exceeds the maximum allowed (20000000");
    }

    @Test
    void readsAStringValueOfSeveralMegabytes() {
        String merchant = "m".repeat(5 << 20);

        assertThat(valueOf("'merchant':'" + merchant + "'", "merchant")).isEqualTo(merchant);
    }

    // ---- shipping to executors ----------------------------------------------------------------------------------

    @Test
    void decodesTheSameAfterJavaSerialization() throws Exception {
        JsonRecordDecoder original = decoder(allTypes().timestampEncodings(ISO_8601, EPOCH_MILLIS).build());
        original.decode(record("'amount':1")); // fills the lazily built, transient parts before serializing
        byte[] valid = json("{'user_id':'u1','amount':2.5,'timestamp':1767225600000,'birth_date':'1990-05-17'}");
        byte[] invalid = record("'amount':'abc'");

        JsonRecordDecoder copy = roundTrip(original);

        assertThat(accepted(copy.decode(valid))).containsExactly(accepted(original.decode(valid)));
        assertThat(copy.decode(invalid)).isEqualTo(original.decode(invalid))
                .isEqualTo(rejected(TYPE_MISMATCH, "member \"amount\": expected a number, got the string \"abc\""));
        assertThat(copy.width()).isEqualTo(original.width());
    }

    @Test
    void decodesAfterJavaSerializationOfAnUnusedDecoder() throws Exception {
        JsonRecordDecoder copy = roundTrip(decoder(ALL_TYPES));

        assertThat(accepted(copy.decode(record("'amount':2.5")))[column("amount")]).isEqualTo(2.5);
        assertThat(copy.decode(record("'amount':1,'amount':2")))
                .isEqualTo(rejected(MALFORMED_RECORD, "not valid JSON: Duplicate field 'amount'"));
    }

    // ---- randomized round trip ----------------------------------------------------------------------------------

    static Stream<Arguments> timestampEncodings() {
        return Stream.of(Arguments.of(Set.of(ISO_8601), 1L), Arguments.of(Set.of(EPOCH_MILLIS), 2L),
                Arguments.of(Set.of(ISO_8601, EPOCH_MILLIS), 3L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestampEncodings")
    void decodesRandomValidRecordsToTheValuesTheyWereWrittenFrom(Set<TimestampEncoding> encodings, long seed) {
        KafkaSourceSpec source = aSource()
                .field("user_id", "user-id", ValueType.STRING)
                .field("merchant", ValueType.STRING)
                .field("is_remote", ValueType.BOOLEAN)
                .field("items", ValueType.INT)
                .field("account", ValueType.LONG)
                .field("score", ValueType.FLOAT)
                .field("amount", "amount €", ValueType.DOUBLE)
                .field("price", ValueType.DECIMAL)
                .field("birth_date", ValueType.DATE)
                .field("created_at", ValueType.TIMESTAMP)
                .field("timestamp", "ts", ValueType.TIMESTAMP)
                .timestampEncodings(encodings.toArray(TimestampEncoding[]::new))
                .build();
        JsonRecordDecoder decoder = new JsonRecordDecoder(source, List.of("user_id"), "timestamp");
        RandomRecords random = new RandomRecords(new Random(seed), source, encodings);

        for (int i = 0; i < 2_000; i++) {
            Object[] expected = random.values("user_id", "timestamp");
            String json = random.encode(expected);

            Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));

            assertThat(decoded).as("record %d: %s", i, json).isInstanceOf(Decoded.Accepted.class);
            assertThat(((Decoded.Accepted) decoded).values()).as("record %d: %s", i, json).containsExactly(expected);
        }
    }

    /** Random values of a schema, and a small JSON encoder of its own that varies everything JSON allows. */
    private static final class RandomRecords {
        private final Random random;
        private final List<SourceFieldSpec> fields;
        private final boolean iso;
        private final boolean epoch;

        RandomRecords(Random random, KafkaSourceSpec source, Set<TimestampEncoding> encodings) {
            this.random = random;
            this.fields = source.fields();
            this.iso = encodings.contains(ISO_8601);
            this.epoch = encodings.contains(EPOCH_MILLIS);
        }

        /** One value per column; the required columns are never null, others are null one time in five. */
        Object[] values(String... required) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                boolean isRequired = List.of(required).contains(fields.get(i).column());
                values[i] = !isRequired && random.nextInt(5) == 0 ? null : value(fields.get(i).type());
            }
            return values;
        }

        private Object value(ValueType type) {
            return switch (type) {
                case STRING -> string(random.nextInt(12));
                case BOOLEAN -> random.nextBoolean();
                case INT -> random.nextInt(4) == 0 ? pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0) : random.nextInt();
                case LONG -> random.nextInt(4) == 0 ? pick(Long.MIN_VALUE, Long.MAX_VALUE, 0L) : random.nextLong();
                case FLOAT -> {
                    float f;
                    do {
                        f = random.nextBoolean() ? Float.intBitsToFloat(random.nextInt()) : random.nextFloat() * 1000;
                    } while (!Float.isFinite(f));
                    yield f;
                }
                case DOUBLE -> {
                    double d;
                    do {
                        d = random.nextBoolean() ? Double.longBitsToDouble(random.nextLong())
                                : random.nextDouble() * 1000;
                    } while (!Double.isFinite(d));
                    yield d;
                }
                case DECIMAL -> {
                    // Within decimal(38,18): at most 18 places, and below 10^20 (2^(3.3 digits) < 10^digits).
                    int scale = random.nextInt(21) - 2;
                    int bits = (int) ((20 + scale) * 3.3);
                    yield new BigDecimal(new BigInteger(1 + random.nextInt(bits), random)
                            .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), scale);
                }
                case DATE -> LocalDate.ofEpochDay(randomBetween(LocalDate.of(1, 1, 1).toEpochDay(),
                        LocalDate.of(9999, 12, 31).toEpochDay()));
                case TIMESTAMP -> {
                    long seconds = randomBetween(Instant.parse("0001-01-02T00:00:00Z").getEpochSecond(),
                            Instant.parse("9999-12-30T00:00:00Z").getEpochSecond());
                    // Epoch numbers only carry milliseconds, so a source that may get them is given whole milliseconds.
                    int nanos = iso && (!epoch || random.nextBoolean()) ? random.nextInt(1_000_000_000)
                            : random.nextInt(1_000) * 1_000_000;
                    yield Instant.ofEpochSecond(seconds, random.nextInt(3) == 0 ? 0 : nanos);
                }
            };
        }

        /** A JSON object holding {@code values}, members shuffled among unknown ones, with random whitespace. */
        String encode(Object[] values) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null || random.nextBoolean()) { // a null is either written as null or left out
                    members.add(quote(fields.get(i).jsonName()) + ws() + ":" + ws() + encodeValue(values[i]));
                }
            }
            for (int i = random.nextInt(4); i > 0; i--) {
                members.add(quote("unknown_" + i) + ":" + ws() + unknownValue(2));
            }
            Collections.shuffle(members, random);
            return ws() + "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}" + ws();
        }

        private String encodeValue(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof String s) {
                return quote(s);
            }
            if (value instanceof LocalDate d) {
                return quote(d.toString());
            }
            if (value instanceof Instant t) {
                boolean asEpoch = epoch && t.getNano() % 1_000_000 == 0 && (!iso || random.nextBoolean());
                if (asEpoch) {
                    return Long.toString(t.toEpochMilli());
                }
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(15 * 60 * (random.nextInt(18 * 4 * 2 + 1) - 18 * 4));
                return quote(OffsetDateTime.ofInstant(t, offset).toString());
            }
            return value.toString(); // Boolean, Integer, Long, Float, Double and BigDecimal all print valid JSON
        }

        private String unknownValue(int depth) {
            int kind = random.nextInt(depth > 0 ? 7 : 5);
            return switch (kind) {
                case 0 -> "null";
                case 1 -> Boolean.toString(random.nextBoolean());
                case 2 -> Double.toString(random.nextDouble());
                case 3 -> quote(string(5));
                case 4 -> Long.toString(random.nextLong());
                case 5 -> "[" + unknownValue(depth - 1) + "," + ws() + unknownValue(depth - 1) + "]";
                default -> "{" + quote("a") + ":" + unknownValue(depth - 1) + "," + quote("b") + ":"
                        + unknownValue(depth - 1) + "}";
            };
        }

        private String string(int length) {
            StringBuilder s = new StringBuilder();
            int[][] ranges = {{0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0x17F}, {0x4E00, 0x4FFF}, {0x1F300, 0x1F64F}};
            for (int i = 0; i < length; i++) {
                int[] range = ranges[random.nextInt(ranges.length)];
                s.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            return s.toString();
        }

        private String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            s.codePoints().forEach(c -> {
                if (c == '"' || c == '\\') {
                    out.append('\\').appendCodePoint(c);
                } else if (c < 0x20 || random.nextInt(10) == 0) { // control characters must be escaped; others may be
                    for (char unit : Character.toChars(c)) { // beyond the BMP, as an escaped surrogate pair
                        out.append(String.format("\\u%04x", (int) unit));
                    }
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.append('"').toString();
        }

        private String ws() {
            return switch (random.nextInt(8)) {
                case 0 -> " ";
                case 1 -> "\n  ";
                case 2 -> "\t";
                case 3 -> "\r\n";
                default -> "";
            };
        }

        private long randomBetween(long from, long to) {
            return from + Math.floorMod(random.nextLong(), to - from + 1);
        }

        @SafeVarargs
        private <T> T pick(T... choices) {
            return choices[random.nextInt(choices.length)];
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static KafkaSourceSpecBuilder allTypes() {
        return aSource()
                .field("user_id", ValueType.STRING)
                .field("merchant", ValueType.STRING)
                .field("is_remote", ValueType.BOOLEAN)
                .field("items", ValueType.INT)
                .field("account", ValueType.LONG)
                .field("score", ValueType.FLOAT)
                .field("amount", ValueType.DOUBLE)
                .field("price", ValueType.DECIMAL)
                .field("birth_date", ValueType.DATE)
                .field("timestamp", ValueType.TIMESTAMP);
    }

    private static JsonRecordDecoder decoder(KafkaSourceSpec source) {
        return new JsonRecordDecoder(source, List.of("user_id"), "timestamp");
    }

    /** JSON written with {@code '} for {@code "}, to keep test data readable. */
    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** A record with a key and an event time, followed by {@code members}. */
    private static byte[] record(String members) {
        return json("{" + REQUIRED + "," + members + "}");
    }

    private static int column(String column) {
        for (int i = 0; i < ALL_TYPES.fields().size(); i++) {
            if (ALL_TYPES.fields().get(i).column().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    /** The value {@code column} gets from a valid record holding {@code member}. */
    private static Object valueOf(String member, String column) {
        return accepted(DECODER.decode(record(member)))[column(column)];
    }

    /** The event time decoded from {@code {"user_id":"u1","timestamp":<value>}}. */
    private static Object eventTime(JsonRecordDecoder decoder, String value) {
        return accepted(decoder.decode(json("{'user_id':'u1','timestamp':" + value + "}")))[column("timestamp")];
    }

    private static Object[] accepted(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
        return ((Decoded.Accepted) decoded).values();
    }

    private static Decoded.Rejected rejected(DeadLetterReason reason, String detail) {
        return new Decoded.Rejected(reason, detail);
    }

    private static JsonRecordDecoder roundTrip(JsonRecordDecoder decoder) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(decoder);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (JsonRecordDecoder) in.readObject();
        }
    }
}
