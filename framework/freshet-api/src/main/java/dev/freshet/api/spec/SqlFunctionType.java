package dev.freshet.api.spec;

/**
 * A Java type a {@link dev.freshet.api.SqlFunction} may take or return, and the Spark SQL type it maps to.
 */
public enum SqlFunctionType {
    /** Java {@code boolean} or {@link Boolean}; Spark {@code boolean}. */
    BOOLEAN("boolean"),
    /** Java {@code byte} or {@link Byte}; Spark {@code tinyint}. */
    BYTE("tinyint"),
    /** Java {@code short} or {@link Short}; Spark {@code smallint}. */
    SHORT("smallint"),
    /** Java {@code int} or {@link Integer}; Spark {@code int}. */
    INT("int"),
    /** Java {@code long} or {@link Long}; Spark {@code bigint}. */
    LONG("bigint"),
    /** Java {@code float} or {@link Float}; Spark {@code float}. */
    FLOAT("float"),
    /** Java {@code double} or {@link Double}; Spark {@code double}. */
    DOUBLE("double"),
    /** Java {@link String}; Spark {@code string}. */
    STRING("string"),
    /** Java {@link java.math.BigDecimal}; Spark {@code decimal(38,18)} (other decimals are cast to it). */
    DECIMAL("decimal(38,18)"),
    /** Java {@link java.time.LocalDate}; Spark {@code date}. */
    DATE("date"),
    /** Java {@link java.time.Instant}; Spark {@code timestamp}. */
    TIMESTAMP("timestamp"),
    /** Java {@code byte[]}; Spark {@code binary}. */
    BINARY("binary");

    private final String sqlType;

    SqlFunctionType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The Spark SQL type, as SQL spells it ({@code bigint}, {@code decimal(38,18)}). */
    public String sqlType() {
        return sqlType;
    }
}
