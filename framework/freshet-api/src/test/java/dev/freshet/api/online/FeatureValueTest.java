package dev.freshet.api.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.freshet.api.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed access to feature values: every accessor checks the feature's type first, whether the value is null or not. */
class FeatureValueTest {

    /** A non-null value of each type. */
    private static final Map<ValueType, Object> SAMPLES = Map.of(
            ValueType.STRING, "fuel",
            ValueType.BOOLEAN, true,
            ValueType.INT, 42,
            ValueType.LONG, 9_007_199_254_740_993L,
            ValueType.FLOAT, 1.5f,
            ValueType.DOUBLE, 31.7,
            ValueType.DECIMAL, new BigDecimal("12.25"),
            ValueType.DATE, LocalDate.parse("2026-03-01"),
            ValueType.TIMESTAMP, Instant.parse("2026-03-01T12:00:00.123456Z"));

    /** What each type's message tells to use instead. */
    private static final Map<ValueType, String> USE = Map.of(
            ValueType.STRING, "use asString()",
            ValueType.BOOLEAN, "use asBoolean()",
            ValueType.INT, "use asLong() or asDouble()",
            ValueType.LONG, "use asLong() or asDouble()",
            ValueType.FLOAT, "use asDouble()",
            ValueType.DOUBLE, "use asDouble()",
            ValueType.DECIMAL, "use asDouble(), or value() for the exact BigDecimal",
            ValueType.DATE, "use value(), a LocalDate",
            ValueType.TIMESTAMP, "use asInstant()");

    /**
     * One typed accessor.
     *
     * @param name  as messages name it
     * @param reads what messages say it reads
     * @param fits  the types it reads
     * @param read  the accessor
     */
    record Accessor(String name, String reads, Set<ValueType> fits, Function<FeatureValue, Object> read) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Accessor> ACCESSORS = List.of(
            new Accessor("asDouble()", "numeric features (INT, LONG, FLOAT, DOUBLE, DECIMAL)",
                    EnumSet.of(ValueType.INT, ValueType.LONG, ValueType.FLOAT, ValueType.DOUBLE, ValueType.DECIMAL),
                    FeatureValue::asDouble),
            new Accessor("asLong()", "integral features (INT, LONG)", EnumSet.of(ValueType.INT, ValueType.LONG),
                    FeatureValue::asLong),
            new Accessor("asBoolean()", "BOOLEAN features", EnumSet.of(ValueType.BOOLEAN), FeatureValue::asBoolean),
            new Accessor("asString()", "STRING features", EnumSet.of(ValueType.STRING), FeatureValue::asString),
            new Accessor("asInstant()", "TIMESTAMP features", EnumSet.of(ValueType.TIMESTAMP),
                    FeatureValue::asInstant));

    static Stream<Arguments> everyAccessorTypeAndNull() {
        List<Arguments> cases = new ArrayList<>();
        for (Accessor accessor : ACCESSORS) {
            for (ValueType type : ValueType.values()) {
                cases.add(Arguments.of(accessor, type, true));
                cases.add(Arguments.of(accessor, type, false));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} of a {1} feature, null: {2}")
    @MethodSource("everyAccessorTypeAndNull")
    void anAccessorReadsTheTypesItFitsAndRefusesTheOthersEvenWhenNull(Accessor accessor, ValueType type,
            boolean isNull) {
        FeatureValue value = new FeatureValue(type, isNull ? null : SAMPLES.get(type));

        if (accessor.fits().contains(type)) {
            Object read = accessor.read().apply(value);
            if (isNull) {
                assertThat(read).isNull();
            } else {
                assertThat(read).isNotNull();
            }
        } else {
            assertThatIllegalStateException().isThrownBy(() -> accessor.read().apply(value))
                    .withMessage(accessor.name() + " reads " + accessor.reads() + ", but this feature is " + type
                            + ": " + USE.get(type));
        }
    }

    @Test
    void asDoubleOfANullStringFeatureFailsLikeAsLongDoes() {
        FeatureValue nullString = new FeatureValue(ValueType.STRING, null);

        assertThatIllegalStateException().isThrownBy(nullString::asDouble)
                .withMessage("asDouble() reads numeric features (INT, LONG, FLOAT, DOUBLE, DECIMAL), but this feature"
                        + " is STRING: use asString()");
        assertThatIllegalStateException().isThrownBy(nullString::asLong)
                .withMessage("asLong() reads integral features (INT, LONG), but this feature is STRING: use asString()");
    }

    @Test
    void asDoubleWidensEveryNumericType() {
        assertThat(new FeatureValue(ValueType.INT, 42).asDouble()).isEqualTo(42.0);
        assertThat(new FeatureValue(ValueType.LONG, 7L).asDouble()).isEqualTo(7.0);
        assertThat(new FeatureValue(ValueType.FLOAT, 1.5f).asDouble()).isEqualTo(1.5);
        assertThat(new FeatureValue(ValueType.DOUBLE, Double.NaN).asDouble()).isNaN();
        assertThat(new FeatureValue(ValueType.DECIMAL, new BigDecimal("12.25")).asDouble()).isEqualTo(12.25);
    }

    @Test
    void asLongReadsIntsAndLongsExactly() {
        assertThat(new FeatureValue(ValueType.INT, Integer.MIN_VALUE).asLong()).isEqualTo(Integer.MIN_VALUE);
        assertThat(new FeatureValue(ValueType.LONG, 9_007_199_254_740_993L).asLong()).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void theOtherAccessorsReturnTheValueAsIs() {
        assertThat(new FeatureValue(ValueType.BOOLEAN, false).asBoolean()).isFalse();
        assertThat(new FeatureValue(ValueType.STRING, "fuel").asString()).isEqualTo("fuel");
        assertThat(new FeatureValue(ValueType.TIMESTAMP, Instant.parse("2026-03-01T12:00:00.123456Z")).asInstant())
                .isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
        assertThat(new FeatureValue(ValueType.DATE, LocalDate.parse("2026-03-01")).value())
                .isEqualTo(LocalDate.parse("2026-03-01"));
    }

    @Test
    void aValueOfAnotherJavaTypeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FeatureValue(ValueType.LONG, 42))
                .withMessage("a LONG feature value must be a Long, not Integer");
    }

    @Test
    void isNullTellsANullValue() {
        assertThat(new FeatureValue(ValueType.STRING, null).isNull()).isTrue();
        assertThat(new FeatureValue(ValueType.STRING, "").isNull()).isFalse();
    }
}
