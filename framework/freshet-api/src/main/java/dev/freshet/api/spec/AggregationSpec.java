package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.AggregateFunction;
import java.io.Serializable;

/**
 * One aggregation declared on a feature set: a function over a column, computed for every window.
 *
 * @param function what to compute, such as {@link AggregateFunction#AVG}
 * @param column   input column, as named in the output of the transform
 * @param alias    prefix used instead of {@code <function>_<column>} in feature names; empty for none
 */
public record AggregationSpec(AggregateFunction function, String column, String alias) implements Serializable {

    /** Checks the parts and defaults a null alias to empty. */
    public AggregationSpec {
        requireNonNull(function, "function");
        requireNonNull(column, "column");
        alias = alias == null ? "" : alias;
    }

    /** The feature-name prefix: the alias, or {@code <function>_<column>} in lower case. */
    public String prefix() {
        return alias.isEmpty() ? function.featurePrefix() + "_" + column.toLowerCase(java.util.Locale.ROOT) : alias;
    }
}
