package dev.freshet.spark.schema;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.core.schema.SqlTypeNames;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How {@link ValueType}s map to Spark SQL types and Java values, so that the decoder, the transform check and the
 * writers agree. The type mapping itself is {@link SqlTypeNames}, which the processor applies at compile time too.
 */
public final class ValueTypes {

    private ValueTypes() {}

    /** The Spark type a source column of {@code type} is read as (the mapping is {@link SqlTypeNames}'s). */
    public static DataType toSpark(ValueType type) {
        return DataType.fromDDL(SqlTypeNames.ddl(type));
    }

    /** The value type of a Spark output column, if Freshet can store it (the mapping is {@link SqlTypeNames}'s). */
    public static Optional<ValueType> fromSpark(DataType type) {
        return SqlTypeNames.valueType(type.simpleString());
    }

    /** The Spark schema of a source: one nullable column per field. */
    public static StructType schema(List<SourceFieldSpec> fields) {
        StructType schema = new StructType();
        for (SourceFieldSpec f : fields) {
            schema = schema.add(new StructField(f.column(), toSpark(f.type()), true,
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        return schema;
    }

    /** The Spark schema of {@code columns}, in order: one nullable column each. */
    public static StructType schemaOf(List<ColumnSpec> columns) {
        StructType schema = new StructType();
        for (ColumnSpec c : columns) {
            schema = schema.add(c.name(), toSpark(c.type()), true);
        }
        return schema;
    }

    /** A decoded Java value as a Spark external row value ({@link Instant} becomes {@link Timestamp}, and so on). */
    public static Object toSparkValue(Object value) {
        if (value instanceof Instant i) {
            return Timestamp.from(i);
        } else if (value instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        return value;
    }

    /**
     * A Spark external row value as the Java value Freshet stores for {@code type}: timestamps as {@link Instant},
     * dates as {@link LocalDate}, bytes and shorts as integers.
     */
    public static Object fromSparkValue(Object value, ValueType type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP -> instant(value);
            case DATE -> value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
            case INT -> ((Number) value).intValue();
            case DECIMAL -> value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
            default -> value;
        };
    }

    /**
     * A Spark timestamp value as epoch milliseconds: rows hold {@link Timestamp}s, or {@link Instant}s when
     * {@code spark.sql.datetime.java8API.enabled} is on.
     */
    public static long epochMillis(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.getTime() : ((Instant) timestamp).toEpochMilli();
    }

    /** A Spark timestamp value as an {@link Instant}; null stays null. */
    public static Instant instant(Object timestamp) {
        return timestamp == null ? null : timestamp instanceof Timestamp t ? t.toInstant() : (Instant) timestamp;
    }

    /** A Spark timestamp value as a {@link Timestamp}; null stays null. */
    public static Timestamp timestamp(Object timestamp) {
        return timestamp == null ? null : timestamp instanceof Instant i ? Timestamp.from(i) : (Timestamp) timestamp;
    }
}
