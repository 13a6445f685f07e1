package dev.freshet.core.aggregate;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partial aggregate of a feature set's aggregations: one {@code long[]} of {@link #width()} slots per tile,
 * holding the mergeable state of every aggregation at once. Aggregations on the same column share state (an
 * {@code AVG} and a {@code SUM} of {@code amount} keep one sum).
 *
 * <pre>{@code
 * PartialLayout layout = PartialLayout.of(aggregations, columnTypes);
 * long[] tile = layout.identity();
 * layout.update(tile, new Object[] {12.5, true});     // values of layout.inputColumns()
 * layout.merge(total, tile);
 * Object avg = layout.finish(0, total);
 * }</pre>
 *
 * <p>What each function keeps: COUNT the number of events; SUM of integer columns an exact 128-bit sum (the result
 * is null when the window's sum does not fit a long, whatever the order of updates and merges), of other numeric
 * columns a compensated double sum (the exact sum to about one rounding, unless values of three or more far-apart
 * magnitudes cancel: see {@code Accumulators.DoubleSum}) and flags of NaN and infinities; AVG the same sum and the
 * count of non-null values; MIN and MAX the extreme value in Spark's order; BOOLEAN_OR and BOOLEAN_AND the counts of
 * true and non-null values; variances and standard deviations {@code (n, mean, M2)} of finite values (Welford,
 * merged with Chan's formula). DECIMAL columns are aggregated as doubles. Immutable and serializable; the arrays it
 * hands out are not shared.
 */
public final class PartialLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<AggregationSpec> aggregations;
    private final List<String> inputColumns;
    private final List<ValueType> resultTypes = new ArrayList<>();
    private final List<Accumulator> accumulators = new ArrayList<>();
    private final List<Integer> accumulatorInput = new ArrayList<>();
    private final List<Accumulator[]> parts = new ArrayList<>();
    private final int width;

    private PartialLayout(List<AggregationSpec> aggregations, Map<String, ValueType> columnTypes) {
        this.aggregations = List.copyOf(aggregations);
        List<String> inputs = new ArrayList<>();
        Map<String, Accumulator> byId = new LinkedHashMap<>();
        for (AggregationSpec a : aggregations) {
            ValueType type = columnTypes.get(a.column());
            if (type == null) {
                throw new IllegalArgumentException("aggregation column \"" + a.column() + "\" has no type");
            }
            resultTypes.add(a.function().resultType(type));
            if (!inputs.contains(a.column())) {
                inputs.add(a.column());
            }
            int input = inputs.indexOf(a.column());
            parts.add(accumulatorsOf(a.function(), a.column(), type).stream()
                    .map(acc -> byId.computeIfAbsent(acc.id(), id -> {
                        accumulatorInput.add(input);
                        accumulators.add(acc);
                        return acc;
                    }))
                    .toArray(Accumulator[]::new));
        }
        this.inputColumns = List.copyOf(inputs);
        int offset = 0;
        for (Accumulator acc : accumulators) {
            acc.offset = offset;
            offset += acc.width();
        }
        this.width = offset;
    }

    /**
     * The layout of {@code aggregations} over columns of {@code columnTypes}.
     *
     * @throws IllegalArgumentException if a function does not apply to its column's type
     */
    public static PartialLayout of(List<AggregationSpec> aggregations, Map<String, ValueType> columnTypes) {
        return new PartialLayout(aggregations, columnTypes);
    }

    private static List<Accumulator> accumulatorsOf(AggregateFunction function, String column, ValueType type) {
        boolean integral = type.integral();
        return switch (function) {
            case COUNT -> List.of(new Accumulators.Events());
            case SUM -> integral ? List.of(new Accumulators.NonNull(column), new Accumulators.LongSum(column))
                    : List.of(new Accumulators.NonNull(column), new Accumulators.DoubleSum(column));
            case AVG -> List.of(new Accumulators.NonNull(column), new Accumulators.DoubleSum(column));
            case MIN -> List.of(new Accumulators.Extreme(column, false, integral));
            case MAX -> List.of(new Accumulators.Extreme(column, true, integral));
            case BOOLEAN_OR, BOOLEAN_AND -> List.of(new Accumulators.NonNull(column), new Accumulators.Trues(column));
            case SAMPLE_VARIANCE, SAMPLE_STDEV, POPULATION_VARIANCE, POPULATION_STDEV ->
                    List.of(new Accumulators.NonNull(column), new Accumulators.Moments(column));
        };
    }

    /** Slots per partial aggregate. */
    public int width() {
        return width;
    }

    /** The aggregations, in order. */
    public List<AggregationSpec> aggregations() {
        return aggregations;
    }

    /** The distinct input columns, in first-use order: the values {@link #update} takes. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The type of aggregation {@code i}'s result. */
    public ValueType resultType(int i) {
        return resultTypes.get(i);
    }

    /** A new partial aggregate of no events. */
    public long[] identity() {
        long[] p = new long[width];
        for (Accumulator acc : accumulators) {
            acc.identity(p);
        }
        return p;
    }

    /** Adds one event, given its values of {@link #inputColumns()} (nulls allowed). */
    public void update(long[] partial, Object[] inputs) {
        for (int i = 0; i < accumulators.size(); i++) {
            accumulators.get(i).update(partial, inputs[accumulatorInput.get(i)]);
        }
    }

    /** Merges {@code from} into {@code into}; the order of merges does not matter. */
    public void merge(long[] into, long[] from) {
        for (Accumulator acc : accumulators) {
            acc.merge(into, from);
        }
    }

    /** The result of aggregation {@code i} over {@code partial}: a Long, Double, Boolean, or null. */
    public Object finish(int i, long[] partial) {
        AggregationSpec a = aggregations.get(i);
        Accumulator[] acc = parts.get(i);
        return switch (a.function()) {
            case COUNT -> partial[acc[0].offset];
            case SUM -> {
                long nonNull = ((Accumulators.NonNull) acc[0]).count(partial);
                if (nonNull == 0) {
                    yield null;
                }
                yield acc[1] instanceof Accumulators.LongSum s ? s.sum(partial)
                        : (Object) ((Accumulators.DoubleSum) acc[1]).sum(partial);
            }
            case AVG -> {
                long nonNull = ((Accumulators.NonNull) acc[0]).count(partial);
                yield nonNull == 0 ? null : ((Accumulators.DoubleSum) acc[1]).sum(partial) / nonNull;
            }
            case MIN, MAX -> ((Accumulators.Extreme) acc[0]).value(partial);
            case BOOLEAN_OR -> {
                long nonNull = ((Accumulators.NonNull) acc[0]).count(partial);
                yield nonNull == 0 ? null : ((Accumulators.Trues) acc[1]).count(partial) > 0;
            }
            case BOOLEAN_AND -> {
                long nonNull = ((Accumulators.NonNull) acc[0]).count(partial);
                yield nonNull == 0 ? null : ((Accumulators.Trues) acc[1]).count(partial) == nonNull;
            }
            case SAMPLE_VARIANCE, POPULATION_VARIANCE -> ((Accumulators.Moments) acc[1]).variance(partial,
                    ((Accumulators.NonNull) acc[0]).count(partial), a.function() == AggregateFunction.SAMPLE_VARIANCE);
            case SAMPLE_STDEV, POPULATION_STDEV -> {
                Double v = ((Accumulators.Moments) acc[1]).variance(partial,
                        ((Accumulators.NonNull) acc[0]).count(partial), a.function() == AggregateFunction.SAMPLE_STDEV);
                yield v == null ? null : Math.sqrt(v);
            }
        };
    }
}
