package dev.freshet.core.testdata;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.core.aggregate.PartialLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link PartialLayout}s: {@code aLayout().column("amount", DOUBLE).aggregate(AVG, "amount").build()}. Columns
 * are declared with their types, then aggregated in order.
 */
public final class PartialLayoutBuilder {

    private final Map<String, ValueType> columnTypes = new LinkedHashMap<>();
    private final List<AggregationSpec> aggregations = new ArrayList<>();

    private PartialLayoutBuilder() {}

    public static PartialLayoutBuilder aLayout() {
        return new PartialLayoutBuilder();
    }

    /** Declares a column and its type. */
    public PartialLayoutBuilder column(String name, ValueType type) {
        columnTypes.put(name, type);
        return this;
    }

    /** Declares several columns. */
    public PartialLayoutBuilder columns(Map<String, ValueType> types) {
        columnTypes.putAll(types);
        return this;
    }

    public PartialLayoutBuilder aggregate(AggregateFunction function, String column) {
        return aggregate(function, column, "");
    }

    public PartialLayoutBuilder aggregate(AggregateFunction function, String column, String alias) {
        aggregations.add(new AggregationSpec(function, column, alias));
        return this;
    }

    /** The aggregations declared so far. */
    public List<AggregationSpec> aggregations() {
        return List.copyOf(aggregations);
    }

    /** The column types declared so far. */
    public Map<String, ValueType> columnTypes() {
        return Map.copyOf(columnTypes);
    }

    public PartialLayout build() {
        return PartialLayout.of(aggregations, columnTypes);
    }
}
