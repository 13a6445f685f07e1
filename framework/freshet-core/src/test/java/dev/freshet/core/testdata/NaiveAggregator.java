package dev.freshet.core.testdata;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The oracle of the aggregation maths: computes each function from the raw values of a window, the slow and obvious
 * way, sharing no code with the partial aggregates (Chronon's {@code NaiveAggregator}). Sums are exact (BigDecimal,
 * BigInteger) and rounded once; means and variances are exact up to one last division to 34 significant digits
 * ({@link MathContext#DECIMAL128}); minima and maxima come from sorting with
 * {@link Double#compare}, as Spark orders doubles (NaN largest, -0.0 below 0.0).
 *
 * <p>The documented semantics it encodes: an empty window gives COUNT 0 and null for every other function; COUNT
 * counts events, whatever their values; the other functions look at non-null values only, and give null when there
 * are none. Integer SUM is the exact sum, null when it does not fit a long. Other SUMs and every AVG follow IEEE rules
 * for non-finite values (any NaN, or both infinities, give NaN; one infinity gives it). AVG, like Spark's {@code avg},
 * averages the values as doubles, also for integer columns. Variances and standard deviations are NaN if any value is
 * not finite; the sample ones are null for fewer than two values. DECIMAL and FLOAT values are aggregated as doubles.
 */
public final class NaiveAggregator {

    private static final MathContext PRECISE = MathContext.DECIMAL128;
    /** Exact values of doubles and of their squares, memoized: the same events are aggregated for many reads. */
    private static final Map<Double, BigDecimal> EXACT = new ConcurrentHashMap<>();
    private static final Map<Double, BigDecimal> SQUARES = new ConcurrentHashMap<>();

    private NaiveAggregator() {}

    /** What {@code function} over a column of {@code type} gives for a window of {@code values} (one per event). */
    public static Object aggregate(AggregateFunction function, ValueType type, List<Object> values) {
        if (function == AggregateFunction.COUNT) {
            return (long) values.size();
        }
        List<Object> present = new ArrayList<>();
        for (Object v : values) {
            if (v != null) {
                present.add(v);
            }
        }
        if (present.isEmpty()) {
            return null;
        }
        boolean integral = type == ValueType.INT || type == ValueType.LONG;
        return switch (function) {
            case COUNT -> throw new AssertionError("handled above");
            case SUM -> integral ? (Object) exactLongSum(present) : (Object) doubleSum(doubles(present));
            case AVG -> (Object) mean(doubles(present));
            case MIN -> integral ? longExtreme(present, false) : doubleExtreme(doubles(present), false);
            case MAX -> integral ? longExtreme(present, true) : doubleExtreme(doubles(present), true);
            case BOOLEAN_OR -> {
                boolean any = false;
                for (Object v : present) {
                    any |= (Boolean) v;
                }
                yield any;
            }
            case BOOLEAN_AND -> {
                boolean all = true;
                for (Object v : present) {
                    all &= (Boolean) v;
                }
                yield all;
            }
            case SAMPLE_VARIANCE -> variance(doubles(present), true);
            case POPULATION_VARIANCE -> variance(doubles(present), false);
            case SAMPLE_STDEV -> stdev(variance(doubles(present), true));
            case POPULATION_STDEV -> stdev(variance(doubles(present), false));
        };
    }

    private static List<Double> doubles(List<Object> values) {
        List<Double> out = new ArrayList<>();
        for (Object v : values) {
            out.add(((Number) v).doubleValue());
        }
        return out;
    }

    private static BigDecimal exact(double x) {
        return EXACT.computeIfAbsent(x, BigDecimal::new);
    }

    private static Long exactLongSum(List<Object> values) {
        BigInteger sum = BigInteger.ZERO;
        for (Object v : values) {
            sum = sum.add(BigInteger.valueOf(((Number) v).longValue()));
        }
        return sum.bitLength() <= 63 ? sum.longValue() : null;
    }

    /** NaN, an infinity, or null if every value is finite. */
    private static Double nonFinite(List<Double> values) {
        boolean nan = false;
        boolean positive = false;
        boolean negative = false;
        for (double x : values) {
            nan |= Double.isNaN(x);
            positive |= x == Double.POSITIVE_INFINITY;
            negative |= x == Double.NEGATIVE_INFINITY;
        }
        if (nan || (positive && negative)) {
            return Double.NaN;
        }
        if (positive) {
            return Double.POSITIVE_INFINITY;
        }
        return negative ? Double.NEGATIVE_INFINITY : null;
    }

    private static BigDecimal exactSum(List<Double> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double x : values) {
            sum = sum.add(exact(x));
        }
        return sum;
    }

    private static double doubleSum(List<Double> values) {
        Double special = nonFinite(values);
        return special != null ? special : exactSum(values).doubleValue();
    }

    private static double mean(List<Double> values) {
        Double special = nonFinite(values);
        if (special != null) {
            return special;
        }
        return exactSum(values).divide(BigDecimal.valueOf(values.size()), PRECISE).doubleValue();
    }

    private static Object longExtreme(List<Object> values, boolean max) {
        long best = ((Number) values.get(0)).longValue();
        for (Object v : values) {
            long x = ((Number) v).longValue();
            if (max ? x > best : x < best) {
                best = x;
            }
        }
        return best;
    }

    private static Object doubleExtreme(List<Double> values, boolean max) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return max ? sorted.get(sorted.size() - 1) : sorted.get(0);
    }

    /**
     * {@code (n Σx² - (Σx)²) / (n (n - 1))} or {@code / n²}: exact up to the last division. (A sum of squares is
     * the naive formula that cancels catastrophically in floating point; in exact arithmetic it is the simplest.)
     */
    private static BigDecimal varianceExact(List<Double> values, boolean sample) {
        BigDecimal n = BigDecimal.valueOf(values.size());
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal squares = BigDecimal.ZERO;
        for (double x : values) {
            sum = sum.add(exact(x));
            squares = squares.add(SQUARES.computeIfAbsent(x, v -> exact(v).multiply(exact(v))));
        }
        BigDecimal numerator = n.multiply(squares).subtract(sum.multiply(sum));
        return numerator.divide(sample ? n.multiply(n.subtract(BigDecimal.ONE)) : n.multiply(n), PRECISE);
    }

    /** NaN if any value is not finite; null for a sample of fewer than two values; else exact, as a BigDecimal. */
    private static Object variance(List<Double> values, boolean sample) {
        if (nonFinite(values) != null) {
            return Double.NaN;
        }
        if (sample && values.size() < 2) {
            return null;
        }
        return varianceExact(values, sample);
    }

    private static Object stdev(Object variance) {
        if (variance instanceof BigDecimal v) {
            return v.sqrt(PRECISE).doubleValue();
        }
        return variance;
    }

    /**
     * Why {@code actual} is not the result {@code expected} (as {@link #aggregate} gives it), or null if it is.
     * Longs, booleans, nulls, NaN and infinities must be equal; MIN and MAX must be the very same double (-0.0 is not
     * 0.0); other doubles must agree to a relative {@code tolerance}.
     */
    public static String disagreement(AggregateFunction function, Object expected, Object actual, double tolerance) {
        if (expected instanceof BigDecimal exact) {
            expected = exact.doubleValue();
        }
        if (expected == null || actual == null) {
            return expected == actual ? null : "expected " + expected + " but was " + actual;
        }
        if (!expected.getClass().equals(actual.getClass())) {
            return "expected " + expected + " (" + expected.getClass().getSimpleName() + ") but was " + actual + " ("
                    + actual.getClass().getSimpleName() + ")";
        }
        if (!(expected instanceof Double e)) {
            return expected.equals(actual) ? null : "expected " + expected + " but was " + actual;
        }
        double a = (Double) actual;
        if (function == AggregateFunction.MIN || function == AggregateFunction.MAX || Double.isNaN(e)
                || Double.isInfinite(e) || e == 0.0) {
            boolean same = function == AggregateFunction.MIN || function == AggregateFunction.MAX
                    ? Double.compare(e, a) == 0 : (Double.isNaN(e) ? Double.isNaN(a) : e == a);
            return same ? null : "expected exactly " + e + " but was " + a;
        }
        double relative = Math.abs(a - e) / Math.abs(e);
        return relative <= tolerance ? null
                : "expected " + e + " but was " + a + " (relative error " + relative + " > " + tolerance + ")";
    }
}
