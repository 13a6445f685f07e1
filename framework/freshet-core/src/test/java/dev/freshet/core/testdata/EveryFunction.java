package dev.freshet.core.testdata;

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

import dev.freshet.api.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feature set's columns and aggregations that use every function on every kind of column it accepts, with random
 * values shaped to stress each: {@code amount} (finite, magnitudes from 1e-3 to 1e300, exact cancellation, signed
 * zeros), {@code ratio} (NaN and infinities), {@code score} (well-conditioned, for variances), {@code quantity}
 * (longs whose sums overflow), {@code units} (ints with extremes), {@code remote} (booleans) and {@code price}
 * (decimals). Every column is sometimes null. Variances go over {@code score} and {@code ratio} only: Welford/Chan
 * lose relative precision with mean² / variance (a documented limitation), which the magnitudes of {@code amount}
 * would make arbitrarily large.
 */
public final class EveryFunction {

    private EveryFunction() {}

    /** The layout of every aggregation, over the columns {@link #values} gives. */
    public static PartialLayoutBuilder layout() {
        return aLayout()
                .column("amount", ValueType.DOUBLE)
                .column("ratio", ValueType.DOUBLE)
                .column("score", ValueType.DOUBLE)
                .column("quantity", ValueType.LONG)
                .column("units", ValueType.INT)
                .column("remote", ValueType.BOOLEAN)
                .column("price", ValueType.DECIMAL)
                .aggregate(COUNT, "amount")
                .aggregate(SUM, "amount")
                .aggregate(AVG, "amount")
                .aggregate(MIN, "amount")
                .aggregate(MAX, "amount")
                .aggregate(SUM, "ratio")
                .aggregate(AVG, "ratio")
                .aggregate(MIN, "ratio")
                .aggregate(MAX, "ratio")
                .aggregate(POPULATION_VARIANCE, "ratio")
                .aggregate(SAMPLE_STDEV, "ratio")
                .aggregate(SAMPLE_VARIANCE, "score")
                .aggregate(POPULATION_VARIANCE, "score")
                .aggregate(SAMPLE_STDEV, "score")
                .aggregate(POPULATION_STDEV, "score")
                .aggregate(AVG, "score")
                .aggregate(SUM, "score")
                .aggregate(SUM, "quantity")
                .aggregate(MIN, "quantity")
                .aggregate(MAX, "quantity")
                .aggregate(AVG, "quantity")
                .aggregate(SUM, "units")
                .aggregate(MIN, "units")
                .aggregate(MAX, "units")
                .aggregate(COUNT, "units")
                .aggregate(BOOLEAN_OR, "remote")
                .aggregate(BOOLEAN_AND, "remote")
                .aggregate(SUM, "price")
                .aggregate(AVG, "price")
                .aggregate(MIN, "price")
                .aggregate(MAX, "price");
    }

    /** One event's random values of every column. */
    public static Map<String, Object> values(RandomValues random) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", random.wide(0.05));
        values.put("ratio", random.withNonFinite(0.01, 0.05));
        values.put("score", random.conditioned(0.05));
        values.put("quantity", random.longs(0.08, 0.05));
        values.put("units", random.ints(0.05));
        values.put("remote", random.booleans(0.3, 0.1));
        values.put("price", random.decimals(0.05));
        return values;
    }
}
