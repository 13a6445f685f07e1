package dev.freshet.core.aggregate;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_AND;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.COUNT;
import static dev.freshet.api.AggregateFunction.MAX;
import static dev.freshet.api.AggregateFunction.MIN;
import static dev.freshet.api.AggregateFunction.POPULATION_STDEV;
import static dev.freshet.api.AggregateFunction.POPULATION_VARIANCE;
import static dev.freshet.api.AggregateFunction.SAMPLE_STDEV;
import static dev.freshet.api.AggregateFunction.SAMPLE_VARIANCE;
import static dev.freshet.api.AggregateFunction.SUM;
import static dev.freshet.core.testdata.PartialLayoutBuilder.aLayout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function's result on small, hand-computed inputs, and how a layout shares state between aggregations. */
class PartialLayoutTest {

    private static final double PI = Math.PI;

    /** The result of {@code function} over a column of {@code type} holding {@code values}, one event each. */
    private static Object resultOf(AggregateFunction function, ValueType type, Object... values) {
        PartialLayout layout = aLayout().column("x", type).aggregate(function, "x").build();
        long[] partial = layout.identity();
        for (Object value : values) {
            layout.update(partial, new Object[] {value});
        }
        return layout.finish(0, partial);
    }

    /** The result of {@code function} over a DOUBLE column holding {@code values}. */
    private static Object resultOfDoubles(AggregateFunction function, Object... values) {
        return resultOf(function, ValueType.DOUBLE, values);
    }

    private static ValueType aTypeFor(AggregateFunction function) {
        return function.bool() ? ValueType.BOOLEAN : function.numeric() ? ValueType.DOUBLE : ValueType.STRING;
    }

    // ---- empty windows and nulls --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = AggregateFunction.class, names = "COUNT", mode = EnumSource.Mode.EXCLUDE)
    void everyFunctionButCountIsNullOverNoEvents(AggregateFunction function) {
        assertThat(resultOf(function, aTypeFor(function))).isNull();
    }

    @Test
    void countIsZeroOverNoEvents() {
        assertThat(resultOf(COUNT, ValueType.DOUBLE)).isEqualTo(0L);
    }

    @Test
    void countCountsEventsWhoseValueIsNull() {
        assertThat(resultOf(COUNT, ValueType.STRING, null, "a", null)).isEqualTo(3L);
    }

    @ParameterizedTest
    @EnumSource(value = AggregateFunction.class, names = "COUNT", mode = EnumSource.Mode.EXCLUDE)
    void everyFunctionButCountIsNullWhenEveryValueIsNull(AggregateFunction function) {
        assertThat(resultOf(function, aTypeFor(function), null, null)).isNull();
    }

    // ---- SUM ----------------------------------------------------------------------------------------------------

    @Test
    void sumOfLongsIsExactBeyondTheIntegersADoubleHolds() {
        assertThat(resultOf(SUM, ValueType.LONG, 1L << 53, 1L, null)).isEqualTo((1L << 53) + 1);
    }

    @Test
    void sumOfIntsIsALongBeyondTheRangeOfInts() {
        assertThat(resultOf(SUM, ValueType.INT, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(4_294_967_294L);
    }

    @Test
    void sumOfLongsAboveTheLargestLongIsNull() {
        assertThat(resultOf(SUM, ValueType.LONG, Long.MAX_VALUE, 1L)).isNull();
    }

    @Test
    void sumOfLongsBelowTheSmallestLongIsNull() {
        assertThat(resultOf(SUM, ValueType.LONG, Long.MIN_VALUE, -1L)).isNull();
    }

    @Test
    void sumOfLongsAtTheLimitsIsExact() {
        assertThat(resultOf(SUM, ValueType.LONG, Long.MAX_VALUE - 1, 1L)).isEqualTo(Long.MAX_VALUE);
        assertThat(resultOf(SUM, ValueType.LONG, Long.MIN_VALUE + 1, -1L)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void overflowedSumStaysNullWhenMergedWithSumsThatKeepItOutOfRange() {
        PartialLayout layout = aLayout().column("n", ValueType.LONG).aggregate(SUM, "n").build();
        long[] overflowed = layout.identity();
        layout.update(overflowed, new Object[] {Long.MAX_VALUE});
        layout.update(overflowed, new Object[] {Long.MAX_VALUE});
        long[] small = layout.identity();
        layout.update(small, new Object[] {-5L});
        long[] total = layout.identity();

        layout.merge(total, overflowed);
        layout.merge(total, small);
        layout.merge(total, small);

        assertThat(layout.finish(0, overflowed)).isNull();
        assertThat(layout.finish(0, total)).isNull();
    }

    /**
     * The sum of a window is its exact sum, null only if that does not fit a long: whether a running sum overflowed
     * on the way depends on the order of events and on how tiles were grouped, which must not change a feature.
     */
    @Test
    void sumThatOverflowsOnTheWayButEndsInRangeIsExactInEveryOrderAndGrouping() {
        List<Long> values = List.of(Long.MAX_VALUE, Long.MAX_VALUE, 7L, Long.MIN_VALUE, Long.MIN_VALUE, -3L);
        PartialLayout layout = aLayout().column("n", ValueType.LONG).aggregate(SUM, "n").build();
        for (List<Long> order : permutations(values)) {
            long[] updated = layout.identity();
            long[] merged = layout.identity();
            for (long v : order) {
                layout.update(updated, new Object[] {v});
                long[] single = layout.identity();
                layout.update(single, new Object[] {v});
                layout.merge(merged, single);
            }
            assertThat(layout.finish(0, updated)).as("updated in order %s", order).isEqualTo(2L);
            assertThat(layout.finish(0, merged)).as("merged in order %s", order).isEqualTo(2L);
        }
    }

    private static List<List<Long>> permutations(List<Long> values) {
        if (values.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            List<Long> rest = new ArrayList<>(values);
            Long first = rest.remove(i);
            for (List<Long> p : permutations(rest)) {
                List<Long> order = new ArrayList<>(List.of(first));
                order.addAll(p);
                out.add(order);
            }
        }
        return out;
    }

    @Test
    void sumOfDoublesKeepsWhatCancellationWouldLose() {
        assertThat(resultOfDoubles(SUM, 1e16, 1.0, -1e16)).isEqualTo(1.0);
        assertThat(resultOfDoubles(SUM, 1e16, 1.0, 1.0, -1e16)).isEqualTo(2.0);
        assertThat(resultOfDoubles(SUM, 1e15, 0.1, -1e15)).isEqualTo(0.1);
    }

    @Test
    void sumOfDoublesIgnoresNulls() {
        assertThat(resultOfDoubles(SUM, null, 2.5, null, 0.25)).isEqualTo(2.75);
    }

    @Test
    void sumOfASingleNegativeZeroIsZero() {
        // Spark's sum starts from 0.0, and 0.0 + -0.0 is 0.0.
        assertThat(resultOfDoubles(SUM, -0.0)).isEqualTo(0.0);
    }

    static Stream<Arguments> nonFiniteSums() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                Arguments.of(new Object[] {1.0, nan, 2.0}, nan),
                Arguments.of(new Object[] {1.0, inf, 2.0}, inf),
                Arguments.of(new Object[] {1.0, -inf, 2.0}, -inf),
                Arguments.of(new Object[] {inf, 1.0, -inf}, nan),
                Arguments.of(new Object[] {inf, inf}, inf),
                Arguments.of(new Object[] {nan, inf}, nan),
                Arguments.of(new Object[] {Double.MAX_VALUE, -inf}, -inf));
    }

    @ParameterizedTest
    @MethodSource("nonFiniteSums")
    void sumOfDoublesWithNonFiniteValuesFollowsIeeeArithmetic(Object[] values, double expected) {
        assertThat(resultOfDoubles(SUM, values)).isEqualTo(expected);
    }

    // ---- AVG ----------------------------------------------------------------------------------------------------

    @Test
    void avgIsTheMeanOfTheNonNullValues() {
        assertThat(resultOfDoubles(AVG, 1.0, null, 2.0, 6.0)).isEqualTo(3.0);
    }

    @Test
    void avgOfIntegersIsADouble() {
        assertThat(resultOf(AVG, ValueType.INT, 1, 2)).isEqualTo(1.5);
        assertThat(resultOf(AVG, ValueType.LONG, 1L, 2L, 4L)).isEqualTo(7.0 / 3);
    }

    @Test
    void avgKeepsWhatCancellationWouldLose() {
        assertThat(resultOfDoubles(AVG, 1e16, 3.0, -1e16, 1.0)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @MethodSource("nonFiniteSums")
    void avgWithNonFiniteValuesIsWhatTheSumIs(Object[] values, double expected) {
        assertThat(resultOfDoubles(AVG, values)).isEqualTo(expected);
    }

    // ---- MIN and MAX --------------------------------------------------------------------------------------------

    @Test
    void maxIsNaNWhenAnyValueIsNaN() {
        assertThat(resultOfDoubles(MAX, 1.0, Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(Double.NaN);
    }

    @Test
    void minIgnoresNaNUnlessEveryValueIsNaN() {
        assertThat(resultOfDoubles(MIN, Double.NaN, 3.0, Double.NEGATIVE_INFINITY, Double.NaN))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(resultOfDoubles(MIN, Double.NaN, null, Double.NaN)).isEqualTo(Double.NaN);
    }

    @Test
    void negativeZeroIsBelowZero() {
        assertThat(resultOfDoubles(MIN, 0.0, -0.0)).isEqualTo(-0.0);
        assertThat(resultOfDoubles(MIN, -0.0, 0.0)).isEqualTo(-0.0);
        assertThat(resultOfDoubles(MAX, -0.0, 0.0)).isEqualTo(0.0);
        assertThat(resultOfDoubles(MAX, 0.0, -0.0)).isEqualTo(0.0);
    }

    @Test
    void minAndMaxOfLongsAreExactLongs() {
        // As doubles, both values would be 2^63.
        assertThat(resultOf(MAX, ValueType.LONG, Long.MAX_VALUE - 1, Long.MAX_VALUE, null)).isEqualTo(Long.MAX_VALUE);
        assertThat(resultOf(MIN, ValueType.LONG, Long.MAX_VALUE, Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void minAndMaxOfIntsAreLongs() {
        assertThat(resultOf(MIN, ValueType.INT, 3, Integer.MIN_VALUE, 7)).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(resultOf(MAX, ValueType.INT, 3, Integer.MIN_VALUE, 7)).isEqualTo(7L);
    }

    @Test
    void minAndMaxIgnoreNulls() {
        assertThat(resultOfDoubles(MIN, null, 2.0, null, 1.5)).isEqualTo(1.5);
        assertThat(resultOfDoubles(MAX, null, 2.0, null, 1.5)).isEqualTo(2.0);
    }

    // ---- BOOLEAN_OR and BOOLEAN_AND -----------------------------------------------------------------------------

    @Test
    void booleanOrIsWhetherAnyNonNullValueIsTrue() {
        assertThat(resultOf(BOOLEAN_OR, ValueType.BOOLEAN, null, false, true)).isEqualTo(true);
        assertThat(resultOf(BOOLEAN_OR, ValueType.BOOLEAN, false, null, false)).isEqualTo(false);
    }

    @Test
    void booleanAndIsWhetherEveryNonNullValueIsTrue() {
        assertThat(resultOf(BOOLEAN_AND, ValueType.BOOLEAN, true, null, true)).isEqualTo(true);
        assertThat(resultOf(BOOLEAN_AND, ValueType.BOOLEAN, true, false, null)).isEqualTo(false);
    }

    // ---- variances and standard deviations ----------------------------------------------------------------------

    @Test
    void sampleVarianceAndStdevAreNullForOneValue() {
        assertThat(resultOfDoubles(SAMPLE_VARIANCE, 3.5, null)).isNull();
        assertThat(resultOfDoubles(SAMPLE_STDEV, 3.5, null)).isNull();
    }

    @Test
    void populationVarianceAndStdevAreZeroForOneValue() {
        assertThat(resultOfDoubles(POPULATION_VARIANCE, null, 3.5)).isEqualTo(0.0);
        assertThat(resultOfDoubles(POPULATION_STDEV, null, 3.5)).isEqualTo(0.0);
    }

    @Test
    void variancesOfAKnownSample() {
        Object[] values = {2.0, 4.0, 4.0, null, 4.0, 5.0, 5.0, 7.0, 9.0};
        // Mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32 over 8 values.
        assertThat((Double) resultOfDoubles(POPULATION_VARIANCE, values)).isCloseTo(4.0, within(1e-12));
        assertThat((Double) resultOfDoubles(POPULATION_STDEV, values)).isCloseTo(2.0, within(1e-12));
        assertThat((Double) resultOfDoubles(SAMPLE_VARIANCE, values)).isCloseTo(32.0 / 7, within(1e-12));
        assertThat((Double) resultOfDoubles(SAMPLE_STDEV, values)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    }

    @Test
    void stdevIsTheSquareRootOfVariance() {
        Object[] values = {PI, 1.0, -7.25, 1e3, 0.5};
        assertThat(resultOfDoubles(SAMPLE_STDEV, values))
                .isEqualTo(Math.sqrt((Double) resultOfDoubles(SAMPLE_VARIANCE, values)));
        assertThat(resultOfDoubles(POPULATION_STDEV, values))
                .isEqualTo(Math.sqrt((Double) resultOfDoubles(POPULATION_VARIANCE, values)));
    }

    @Test
    void varianceOfValuesWithAHugeCommonOffsetDoesNotCancel() {
        // A sum of squares would compute ~1e18 - ~1e18 and lose every digit; Welford keeps the deviations.
        Object[] values = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
        assertThat((Double) resultOfDoubles(POPULATION_VARIANCE, values)).isCloseTo(22.5, within(1e-6));
        assertThat((Double) resultOfDoubles(SAMPLE_VARIANCE, values)).isCloseTo(30.0, within(1e-6));
    }

    @ParameterizedTest
    @EnumSource(value = AggregateFunction.class,
            names = {"SAMPLE_VARIANCE", "SAMPLE_STDEV", "POPULATION_VARIANCE", "POPULATION_STDEV"})
    void varianceIsNaNWhenAnyValueIsNotFinite(AggregateFunction function) {
        assertThat(resultOfDoubles(function, 1.0, 2.0, Double.NaN)).isEqualTo(Double.NaN);
        assertThat(resultOfDoubles(function, 1.0, Double.POSITIVE_INFINITY, 2.0)).isEqualTo(Double.NaN);
        assertThat(resultOfDoubles(function, Double.NEGATIVE_INFINITY, 1.0)).isEqualTo(Double.NaN);
    }

    @Test
    void sampleVarianceOfOneNonFiniteValueIsNaN() {
        // Non-finite values decide before the count: Spark's var_samp would give null for a single value.
        assertThat(resultOfDoubles(SAMPLE_VARIANCE, Double.NaN)).isEqualTo(Double.NaN);
        assertThat(resultOfDoubles(POPULATION_VARIANCE, Double.POSITIVE_INFINITY)).isEqualTo(Double.NaN);
    }

    // ---- column types -------------------------------------------------------------------------------------------

    @Test
    void decimalValuesAreAggregatedAsDoubles() {
        assertThat(resultOf(SUM, ValueType.DECIMAL, new BigDecimal("1.25"), new BigDecimal("2.50"), null))
                .isEqualTo(3.75);
        assertThat(resultOf(MAX, ValueType.DECIMAL, new BigDecimal("0.1"), new BigDecimal("-3")))
                .isEqualTo(0.1);
        assertThat(resultOf(AVG, ValueType.DECIMAL, new BigDecimal("1"), new BigDecimal("2"))).isEqualTo(1.5);
    }

    @Test
    void floatValuesAreAggregatedAsDoubles() {
        assertThat(resultOf(SUM, ValueType.FLOAT, 1.5f, 2.25f)).isEqualTo(3.75);
        assertThat(resultOf(MIN, ValueType.FLOAT, 0.1f, 2f)).isEqualTo((double) 0.1f);
    }

    static Stream<Arguments> functionsAndTheirInputTypes() {
        List<Arguments> cases = new ArrayList<>();
        for (AggregateFunction f : AggregateFunction.values()) {
            for (ValueType t : ValueType.values()) {
                boolean applies = f.bool() ? t == ValueType.BOOLEAN : !f.numeric() || Arrays.asList(ValueType.INT,
                        ValueType.LONG, ValueType.FLOAT, ValueType.DOUBLE, ValueType.DECIMAL).contains(t);
                if (applies) {
                    cases.add(Arguments.of(f, t));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("functionsAndTheirInputTypes")
    void resultsAreOfTheJavaTypeOfTheirResultType(AggregateFunction function, ValueType input) {
        Object[] values = switch (input) {
            case BOOLEAN -> new Object[] {true, false};
            case INT -> new Object[] {3, -4};
            case LONG -> new Object[] {3L, -4L};
            case FLOAT -> new Object[] {3f, -4f};
            case DOUBLE -> new Object[] {3.0, -4.0};
            case DECIMAL -> new Object[] {new BigDecimal("3.00"), new BigDecimal("-4.00")};
            default -> new Object[] {"a", "b"};
        };
        PartialLayout layout = aLayout().column("x", input).aggregate(function, "x").build();
        Class<?> expected = switch (function.resultType(input)) {
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            default -> throw new AssertionError("unexpected result type " + function.resultType(input));
        };

        assertThat(layout.resultType(0)).isEqualTo(function.resultType(input));
        assertThat(resultOf(function, input, values)).isInstanceOf(expected);
    }

    @Test
    void rejectsAFunctionThatDoesNotApplyToItsColumnsType() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> aLayout().column("user_id", ValueType.STRING).aggregate(SUM, "user_id").build())
                .withMessage("SUM needs a numeric column, not STRING");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> aLayout().column("amount", ValueType.DOUBLE).aggregate(BOOLEAN_OR, "amount")
                        .build())
                .withMessage("BOOLEAN_OR needs a boolean column, not DOUBLE");
    }

    @Test
    void rejectsAnAggregationOfAColumnWithoutType() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> aLayout().column("amount", ValueType.DOUBLE).aggregate(AVG, "amout").build())
                .withMessage("aggregation column \"amout\" has no type");
    }

    // ---- sharing and shape --------------------------------------------------------------------------------------

    @Test
    void avgAndSumOfOneColumnShareTheirSum() {
        int avg = aLayout().column("amount", ValueType.DOUBLE).aggregate(AVG, "amount").build().width();
        int sum = aLayout().column("amount", ValueType.DOUBLE).aggregate(SUM, "amount").build().width();
        int both = aLayout().column("amount", ValueType.DOUBLE).aggregate(AVG, "amount").aggregate(SUM, "amount")
                .build().width();

        assertThat(both).isEqualTo(avg).isEqualTo(sum).isLessThan(avg + sum);
    }

    @Test
    void variancesAndStdevsOfOneColumnShareTheirMoments() {
        int one = aLayout().column("x", ValueType.DOUBLE).aggregate(SAMPLE_VARIANCE, "x").build().width();
        int four = aLayout().column("x", ValueType.DOUBLE).aggregate(SAMPLE_VARIANCE, "x")
                .aggregate(SAMPLE_STDEV, "x").aggregate(POPULATION_VARIANCE, "x").aggregate(POPULATION_STDEV, "x")
                .build().width();

        assertThat(four).isEqualTo(one);
    }

    @Test
    void aggregationsOfDifferentColumnsDoNotShare() {
        int one = aLayout().column("a", ValueType.DOUBLE).aggregate(SUM, "a").build().width();
        int two = aLayout().column("a", ValueType.DOUBLE).column("b", ValueType.DOUBLE).aggregate(SUM, "a")
                .aggregate(SUM, "b").build().width();

        assertThat(two).isEqualTo(2 * one);
    }

    @Test
    void sharedStateGivesEachAggregationItsOwnResult() {
        PartialLayout layout = aLayout().column("amount", ValueType.DOUBLE).aggregate(AVG, "amount")
                .aggregate(SUM, "amount").aggregate(COUNT, "amount").aggregate(MAX, "amount").build();
        long[] partial = layout.identity();
        for (Double v : Arrays.asList(2.0, null, 7.0)) {
            layout.update(partial, new Object[] {v});
        }

        assertThat(Arrays.asList(layout.finish(0, partial), layout.finish(1, partial), layout.finish(2, partial),
                layout.finish(3, partial))).containsExactly(4.5, 9.0, 3L, 7.0);
    }

    @Test
    void inputColumnsAreDistinctInOrderOfFirstUse() {
        PartialLayout layout = aLayout().column("a", ValueType.DOUBLE).column("b", ValueType.BOOLEAN)
                .aggregate(SUM, "a").aggregate(BOOLEAN_OR, "b").aggregate(AVG, "a").build();

        assertThat(layout.inputColumns()).containsExactly("a", "b");
    }

    @Test
    void identityIsANewArrayEachTime() {
        PartialLayout layout = aLayout().column("a", ValueType.DOUBLE).aggregate(SUM, "a").build();
        long[] first = layout.identity();
        layout.update(first, new Object[] {5.0});

        assertThat(layout.finish(0, layout.identity())).isNull();
        assertThat(layout.identity()).isNotSameAs(layout.identity());
    }
}
