package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One event-time aggregation of a feature set, computed for every window the feature set declares. Its features
 * are named {@code <function>_<column>_<window>} ({@code avg_amount_1h}), or {@code <alias>_<window>} with an alias.
 *
 * <pre>{@code
 * aggregations = {
 *     @Aggregate(function = AVG, column = "amount"),
 *     @Aggregate(function = BOOLEAN_OR, column = "is_remote", alias = "had_remote_transaction")},
 * windows = {"1m", "1h", "1d"}
 * }</pre>
 */
@Documented
@Target({})
@Retention(RetentionPolicy.CLASS)
public @interface Aggregate {

    /** What to compute. */
    AggregateFunction function();

    /** Input column, as named in the output of the feature set's SQL. */
    String column();

    /** Prefix of the feature names instead of {@code <function>_<column>}; empty for none. */
    String alias() default "";
}
