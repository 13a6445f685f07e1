package dev.freshet.api;

/**
 * An event-time aggregate, computed over each window of a feature set. Results follow Spark SQL, except where noted:
 * an empty window gives {@code 0} for {@link #COUNT} and null for the others.
 */
public enum AggregateFunction {
    /** Sum of the non-null values: a {@code bigint} for integer columns (null on overflow), else a double. */
    SUM,
    /**
     * Number of events in the window, whatever the column's value (the column is named for uniformity, as in the
     * reference product): events whose column is null count too.
     */
    COUNT,
    /** Mean of the non-null values. */
    AVG,
    /** Smallest non-null value; for doubles NaN is the largest value, as in Spark SQL. */
    MIN,
    /** Largest non-null value; for doubles NaN is the largest value, as in Spark SQL. */
    MAX,
    /** Whether any non-null value is true (boolean columns). */
    BOOLEAN_OR,
    /** Whether every non-null value is true (boolean columns). */
    BOOLEAN_AND,
    /** Sample variance of the non-null values: null for fewer than two. */
    SAMPLE_VARIANCE,
    /** Sample standard deviation of the non-null values: null for fewer than two. */
    SAMPLE_STDEV,
    /** Population variance of the non-null values. */
    POPULATION_VARIANCE,
    /** Population standard deviation of the non-null values. */
    POPULATION_STDEV;

    /** The function's name in feature names: {@code avg}, {@code boolean_or}, {@code sample_stdev}. */
    public String featurePrefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the function needs a numeric column. */
    public boolean numeric() {
        return this != COUNT && this != BOOLEAN_OR && this != BOOLEAN_AND;
    }

    /** Whether the function needs a boolean column. */
    public boolean bool() {
        return this == BOOLEAN_OR || this == BOOLEAN_AND;
    }

    /**
     * Whether the function applies to a column of {@code input}: numeric functions to {@link ValueType#numeric()}
     * columns, the boolean ones to booleans, {@code COUNT} to any column.
     */
    public boolean accepts(ValueType input) {
        if (numeric()) {
            return input.numeric();
        }
        return !bool() || input == ValueType.BOOLEAN;
    }

    /**
     * The type of the function's result over a column of {@code input}: {@code COUNT} is a long, {@code SUM},
     * {@code MIN} and {@code MAX} of integer columns are longs, the boolean functions booleans, the rest doubles.
     *
     * @throws IllegalArgumentException if the function does not {@link #accepts accept} {@code input}
     */
    public ValueType resultType(ValueType input) {
        if (!accepts(input)) {
            throw new IllegalArgumentException(this + " needs a " + (bool() ? "boolean" : "numeric") + " column, not "
                    + input);
        }
        return switch (this) {
            case COUNT -> ValueType.LONG;
            case SUM, MIN, MAX -> input.integral() ? ValueType.LONG : ValueType.DOUBLE;
            case BOOLEAN_OR, BOOLEAN_AND -> ValueType.BOOLEAN;
            default -> ValueType.DOUBLE;
        };
    }
}
