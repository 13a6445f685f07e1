package dev.freshet.core.schema;

import dev.freshet.api.ValueType;
import java.util.Locale;
import java.util.Optional;

/**
 * The one mapping between {@link ValueType}s and Spark SQL types, by the names Spark SQL gives its types (a
 * {@code DataType}'s {@code simpleString}: {@code bigint}, {@code decimal(10,2)}, {@code timestamp}). Plain strings
 * keep the core free of Spark: the processor (which analyses SQL with Catalyst at compile time) and the engine
 * (which runs it) both turn names into types with {@code DataType.fromDDL(ddl(type))} and back with
 * {@code valueType(dataType.simpleString())}, so they cannot disagree.
 *
 * <pre>{@code
 * SqlTypeNames.name(ValueType.LONG);          // "bigint"
 * SqlTypeNames.valueType("smallint");         // Optional[INT]
 * SqlTypeNames.valueType("array<string>");    // Optional.empty: the store cannot hold it
 * }</pre>
 */
public final class SqlTypeNames {

    /** Digits a decimal column holds: {@code decimal(38,18)}. */
    public static final int DECIMAL_PRECISION = 38;

    /** Digits after the point a decimal column holds, of {@link #DECIMAL_PRECISION}. */
    public static final int DECIMAL_SCALE = 18;

    private SqlTypeNames() {}

    /** The name Spark SQL gives the type a column of {@code type} is read as: {@code string}, {@code bigint}, … */
    public static String name(ValueType type) {
        return switch (type) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + DECIMAL_PRECISION + "," + DECIMAL_SCALE + ")";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
        };
    }

    /**
     * The type a column of {@code type} is read as, in Spark's DDL. It is {@link #name} except for timestamps, written
     * {@code timestamp_ltz}: plain {@code timestamp} in DDL follows {@code spark.sql.timestampType}, which a session
     * may set to {@code TIMESTAMP_NTZ}, and Freshet's event times are instants.
     */
    public static String ddl(ValueType type) {
        return type == ValueType.TIMESTAMP ? "timestamp_ltz" : name(type);
    }

    /**
     * The value type of a Spark SQL type, by its name, if the online store can hold it: strings (also collated,
     * {@code char(n)} and {@code varchar(n)}), booleans, {@code tinyint}, {@code smallint} and {@code int} as
     * {@link ValueType#INT}, {@code bigint}, {@code float}, {@code double}, any {@code decimal(p,s)}, {@code date}
     * and {@code timestamp}. Timestamps without time zone ({@code timestamp_ntz}), intervals, binary, arrays, maps,
     * structs and {@code void} have none.
     */
    public static Optional<ValueType> valueType(String sqlTypeName) {
        String name = sqlTypeName.strip().toLowerCase(Locale.ROOT);
        if (name.equals("string") || name.startsWith("string collate ") || name.matches("(char|varchar)\\(\\d+\\)")) {
            return Optional.of(ValueType.STRING);
        }
        if (name.matches("decimal\\(\\d+,\\s*\\d+\\)")) {
            return Optional.of(ValueType.DECIMAL);
        }
        return Optional.ofNullable(switch (name) {
            case "boolean" -> ValueType.BOOLEAN;
            case "tinyint", "smallint", "int" -> ValueType.INT;
            case "bigint" -> ValueType.LONG;
            case "float" -> ValueType.FLOAT;
            case "double" -> ValueType.DOUBLE;
            case "date" -> ValueType.DATE;
            case "timestamp" -> ValueType.TIMESTAMP;
            default -> null;
        });
    }
}
