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
    TIMESTAMP;

    /** Whether values are numbers: {@link #INT}, {@link #LONG}, {@link #FLOAT}, {@link #DOUBLE}, {@link #DECIMAL}. */
    public boolean numeric() {
        return integral() || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }

    /** Whether values are whole numbers: {@link #INT} or {@link #LONG}. */
    public boolean integral() {
        return this == INT || this == LONG;
    }

    /**
     * Whether a key column may have this type: {@link #STRING}, {@link #INT} or {@link #LONG}. Keys are written into
     * store keys and compared exactly, so fractional, temporal and boolean values are not keys.
     */
    public boolean usableAsKey() {
        return this == STRING || integral();
    }
}
