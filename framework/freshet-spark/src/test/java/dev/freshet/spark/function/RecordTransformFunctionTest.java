package dev.freshet.spark.function;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.api.spi.RecordTransformInvoker;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How {@link RecordTransformFunction} hands values to a record transform and takes them back, for every mapped type,
 * without Spark: rows in, the invoker's arguments and the output rows or the recorded failure out.
 */
class RecordTransformFunctionTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    private static final RecordInTransform.Position AT = new RecordInTransform.Position("t", 0, 7);
    /** What the invoker was called with, in order (the function runs on this thread). */
    private static final List<Object[]> CALLS = new ArrayList<>();

    private RecordInTransform record;

    @BeforeEach
    void enterARecord() {
        CALLS.clear();
        record = RecordInTransform.begin();
        record.enter(AT, Timestamp.from(T0), new byte[0], "{}".getBytes());
    }

    @AfterEach
    void end() {
        RecordInTransform.end();
    }

    @ParameterizedTest
    @EnumSource(ValueType.class)
    void aValueOfEachTypeReachesTheComponentAsItsJavaValueAndComesBackAsSparks(ValueType type) {
        List<Row> out = run(spec(type, false, echo()), sparkValue(type));

        assertThat(CALLS).singleElement().satisfies(args -> assertThat(args[1]).isEqualTo(javaValue(type)));
        assertThat(out).singleElement().satisfies(r -> assertThat(r.get(1)).isEqualTo(sparkValue(type)));
        assertThat(record.take(AT)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ValueType.class)
    void aNullIntoABoxedComponentIsPassedAndANullComponentIsANullColumn(ValueType type) {
        List<Row> out = run(spec(type, false, echo()), (Object) null);

        assertThat(CALLS).singleElement().satisfies(args -> assertThat(args[1]).isNull());
        assertThat(out).singleElement().satisfies(r -> assertThat(r.isNullAt(1)).isTrue());
    }

    @ParameterizedTest
    @EnumSource(value = ValueType.class, names = {"BOOLEAN", "INT", "LONG", "FLOAT", "DOUBLE"})
    void aNullIntoAPrimitiveComponentFailsTheRecordWithoutACall(ValueType type) {
        List<Row> out = run(spec(type, true, echo()), (Object) null);

        assertThat(CALLS).isEmpty();
        assertThat(out).isEmpty();
        assertThat(record.take(AT)).map(RecordInTransform.Failure::detail).contains("column \"v\" is null, but"
                + " component v of test.In is a primitive " + type.name().toLowerCase(Locale.ROOT) + ", which cannot"
                + " hold it (declare the component as its box to receive nulls)");
    }

    @Test
    void aNullWhereARecordWasExpectedFailsTheRecordAndEmitsNoneOfItsRows() {
        RecordTransformInvoker firstThenNull = (input, output) -> {
            output.accept(input);
            output.accept(null);
        };

        List<Row> out = run(spec(ValueType.DOUBLE, false, firstThenNull), 1.5);

        assertThat(out).isEmpty();
        assertThat(record.take(AT)).map(RecordInTransform.Failure::detail).contains("record transform"
                + " test.T.m(test.In) returned null where a record was expected; return Optional.empty() or an empty"
                + " List to emit no row for a record");
    }

    @Test
    void aThrowAfterSomeOutputFailsTheRecordAndEmitsNoneOfItsRows() {
        RecordTransformInvoker emitsThenThrows = (input, output) -> {
            output.accept(input);
            throw new IllegalStateException("half done");
        };

        List<Row> out = run(spec(ValueType.DOUBLE, false, emitsThenThrows), 1.5);

        assertThat(out).isEmpty();
        assertThat(record.take(AT)).map(RecordInTransform.Failure::detail).contains("record transform"
                + " test.T.m(test.In) threw java.lang.IllegalStateException: half done");
    }

    @Test
    void severalOutputRecordsAreSeveralRowsEachCarryingTheSourcePosition() {
        RecordTransformInvoker twice = (input, output) -> {
            output.accept(input);
            output.accept(new Object[] {input[0], 2.5, input[2]});
        };

        List<Row> out = run(spec(ValueType.DOUBLE, false, twice), 1.5);

        assertThat(out).extracting(r -> r.get(1)).containsExactly(1.5, 2.5);
        assertThat(out).extracting(r -> r.getStruct(3).getLong(2)).containsExactly(7L, 7L);
    }

    /** Calls back with its input as the output record: key, value, timestamp. */
    private static RecordTransformInvoker echo() {
        return (input, output) -> {
            CALLS.add(Arrays.copyOf(input, input.length));
            output.accept(input);
        };
    }

    private static FeatureSetSpec spec(ValueType type, boolean primitive, RecordTransformInvoker invoker) {
        RecordTransformSpec transform = new RecordTransformSpec("test.T.m(test.In)", "test.In", "test.Out",
                List.of(column("user_id", ValueType.STRING), column("v", type),
                        column("timestamp", ValueType.TIMESTAMP)),
                primitive ? List.of("v") : List.of(), invoker);
        return aFeatureSet().name("rt-unit").recordTransform(transform, column("user_id", ValueType.STRING),
                column("v", type), column("timestamp", ValueType.TIMESTAMP)).build();
    }

    private static List<Row> run(FeatureSetSpec spec, Object value) {
        Row source = RowFactory.create(AT.topic(), AT.partition(), AT.offset(), Timestamp.from(T0));
        Row in = RowFactory.create("u1", value, Timestamp.from(T0), source);
        List<Row> out = new ArrayList<>();
        Iterator<Row> rows = new RecordTransformFunction(spec).call(List.of(in).iterator());
        rows.forEachRemaining(out::add);
        return out;
    }

    /** A value of {@code type} as Spark's external rows hold it. */
    private static Object sparkValue(ValueType type) {
        return switch (type) {
            case STRING -> "x";
            case BOOLEAN -> true;
            case INT -> 42;
            case LONG -> 42L;
            case FLOAT -> 1.5f;
            case DOUBLE -> 1.5;
            case DECIMAL -> new BigDecimal("12.50");
            case DATE -> Date.valueOf(LocalDate.of(2026, 6, 1));
            case TIMESTAMP -> Timestamp.from(T0);
        };
    }

    /** The same value as the record component receives it. */
    private static Object javaValue(ValueType type) {
        return switch (type) {
            case DATE -> LocalDate.of(2026, 6, 1);
            case TIMESTAMP -> T0;
            default -> sparkValue(type);
        };
    }
}
