package dev.freshet.api;

/**
 * Type of a source column or a feature value, as Freshet stores and returns it. Each type maps to one Spark SQL type
 * and one Java type.
 */
public enum ValueType {
    /** Spark {@code string}; Java {@link String}. */
    STRING,
    /** Spark {@code boolean}; Java {@link Boolean}. */
    BOOLEAN,
    /** Spark {@code int}; Java {@link Integer}. */
    INT,
    /** Spark {@code bigint}; Java {@link Long}. */
    LONG,
    /** Spark {@code float}; Java {@link Float}. */
    FLOAT,
    /** Spark {@code double}; Java {@link Double}. */
    DOUBLE,
    /** Spark {@code decimal(p, s)}; Java {@link java.math.BigDecimal}. */
    DECIMAL,
    /** Spark {@code date}; Java {@link java.time.LocalDate}. */
    DATE,
    /** Spark {@code timestamp} (an instant, UTC); Java {@link java.time.Instant}. */
    TIMESTAMP
}
