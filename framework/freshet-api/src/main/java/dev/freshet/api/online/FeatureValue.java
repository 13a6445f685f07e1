package dev.freshet.api.online;

import dev.freshet.api.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One typed feature value, possibly null. A null value means the feature exists for the entity and its latest value
 * is null; a missing entity is told apart one level up, by {@link OnlineFeatureClient}.
 *
 * <p>Each typed accessor ({@link #asDouble()}, {@link #asLong()}, {@link #asBoolean()}, {@link #asString()},
 * {@link #asInstant()}) checks the feature's type first, whether the value is null or not, and names the accessor that
 * fits when it does not; {@link #value()} returns any value as is.
 *
 * @param type  the feature's type
 * @param value the value, of the Java type {@code type} documents, or {@code null}
 */
public record FeatureValue(ValueType type, Object value) {

    private static final Set<ValueType> NUMERIC = EnumSet.of(ValueType.INT, ValueType.LONG, ValueType.FLOAT,
            ValueType.DOUBLE, ValueType.DECIMAL);
    private static final Set<ValueType> INTEGRAL = EnumSet.of(ValueType.INT, ValueType.LONG);
    private static final Set<ValueType> BOOLEAN = EnumSet.of(ValueType.BOOLEAN);
    private static final Set<ValueType> STRING = EnumSet.of(ValueType.STRING);
    private static final Set<ValueType> TIMESTAMP = EnumSet.of(ValueType.TIMESTAMP);

    /** Checks the value's Java type against {@code type}. */
    public FeatureValue {
        Objects.requireNonNull(type, "type");
        if (value != null && !javaType(type).isInstance(value)) {
            throw new IllegalArgumentException("a " + type + " feature value must be a " + javaType(type).getSimpleName()
                    + ", not " + value.getClass().getSimpleName());
        }
    }

    /** Whether the value is null. */
    public boolean isNull() {
        return value == null;
    }

    /**
     * The value of a numeric feature ({@code INT}, {@code LONG}, {@code FLOAT}, {@code DOUBLE}, {@code DECIMAL}) as a
     * double, or null.
     *
     * @throws IllegalStateException if the feature is not numeric, whether its value is null or not
     */
    public Double asDouble() {
        require("asDouble()", NUMERIC, "numeric features (INT, LONG, FLOAT, DOUBLE, DECIMAL)");
        return value == null ? null : ((Number) value).doubleValue();
    }

    /**
     * The value of an integral feature ({@code INT}, {@code LONG}) as a long, or null.
     *
     * @throws IllegalStateException if the feature is not integral, whether its value is null or not
     */
    public Long asLong() {
        require("asLong()", INTEGRAL, "integral features (INT, LONG)");
        return value == null ? null : ((Number) value).longValue();
    }

    /**
     * The value of a {@code BOOLEAN} feature, or null.
     *
     * @throws IllegalStateException if the feature is of another type, whether its value is null or not
     */
    public Boolean asBoolean() {
        require("asBoolean()", BOOLEAN, "BOOLEAN features");
        return (Boolean) value;
    }

    /**
     * The value of a {@code STRING} feature, or null.
     *
     * @throws IllegalStateException if the feature is of another type, whether its value is null or not
     */
    public String asString() {
        require("asString()", STRING, "STRING features");
        return (String) value;
    }

    /**
     * The value of a {@code TIMESTAMP} feature, or null.
     *
     * @throws IllegalStateException if the feature is of another type, whether its value is null or not
     */
    public Instant asInstant() {
        require("asInstant()", TIMESTAMP, "TIMESTAMP features");
        return (Instant) value;
    }

    // The type decides, not the value: a feature that is null today must fail in the same code that fails tomorrow.
    private void require(String accessor, Set<ValueType> fits, String reads) {
        if (!fits.contains(type)) {
            throw new IllegalStateException(accessor + " reads " + reads + ", but this feature is " + type + ": use "
                    + accessorFor(type));
        }
    }

    /** The accessor that fits features of {@code type}. */
    private static String accessorFor(ValueType type) {
        return switch (type) {
            case STRING -> "asString()";
            case BOOLEAN -> "asBoolean()";
            case INT, LONG -> "asLong() or asDouble()";
            case FLOAT, DOUBLE -> "asDouble()";
            case DECIMAL -> "asDouble(), or value() for the exact BigDecimal";
            case DATE -> "value(), a LocalDate";
            case TIMESTAMP -> "asInstant()";
        };
    }

    /** The Java class of non-null values of {@code type}. */
    public static Class<?> javaType(ValueType type) {
        return switch (type) {
            case STRING -> String.class;
            case BOOLEAN -> Boolean.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case DATE -> LocalDate.class;
            case TIMESTAMP -> Instant.class;
        };
    }
}
