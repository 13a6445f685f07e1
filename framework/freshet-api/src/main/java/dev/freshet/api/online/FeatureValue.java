package dev.freshet.api.online;

import dev.freshet.api.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One typed feature value, possibly null. A null value means the feature exists for the entity and its latest value
 * is null; a missing entity is told apart one level up, by {@link OnlineFeatureClient}.
 *
 * @param type  the feature's type
 * @param value the value, of the Java type {@code type} documents, or {@code null}
 */
public record FeatureValue(ValueType type, Object value) {

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

    /** The value as a double, for numeric types. */
    public Double asDouble() {
        return value == null ? null : ((Number) numeric()).doubleValue();
    }

    /** The value as a long, for integral types. */
    public Long asLong() {
        if (type != ValueType.INT && type != ValueType.LONG) {
            throw new IllegalStateException("a " + type + " feature is not integral; use asDouble() or value()");
        }
        return value == null ? null : ((Number) value).longValue();
    }

    /** The value of a boolean feature. */
    public Boolean asBoolean() {
        return (Boolean) typed(ValueType.BOOLEAN);
    }

    /** The value of a string feature. */
    public String asString() {
        return (String) typed(ValueType.STRING);
    }

    /** The value of a timestamp feature. */
    public Instant asInstant() {
        return (Instant) typed(ValueType.TIMESTAMP);
    }

    private Object numeric() {
        if (!(value instanceof Number)) {
            throw new IllegalStateException("a " + type + " feature is not numeric; use value()");
        }
        return value;
    }

    private Object typed(ValueType expected) {
        if (type != expected) {
            throw new IllegalStateException("this feature is a " + type + ", not a " + expected);
        }
        return value;
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
