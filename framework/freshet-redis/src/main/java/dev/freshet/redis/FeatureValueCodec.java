package dev.freshet.redis;

import dev.freshet.api.ValueType;
import dev.freshet.core.error.FreshetException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The typed text encoding of feature values in Redis hashes: a one-character type tag, a colon, and the value, so
 * that {@code redis-cli HGETALL} is readable and a value written as one type is never silently read as another.
 *
 * <table>
 *   <caption>Tags</caption>
 *   <tr><th>type</th><th>tag</th><th>example</th></tr>
 *   <tr><td>STRING</td><td>{@code s}</td><td>{@code s:grocery}</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@code b}</td><td>{@code b:true}</td></tr>
 *   <tr><td>INT</td><td>{@code i}</td><td>{@code i:42}</td></tr>
 *   <tr><td>LONG</td><td>{@code l}</td><td>{@code l:42}</td></tr>
 *   <tr><td>FLOAT</td><td>{@code f}</td><td>{@code f:1.5}</td></tr>
 *   <tr><td>DOUBLE</td><td>{@code d}</td><td>{@code d:12.5}, {@code d:NaN}, {@code d:-Infinity}</td></tr>
 *   <tr><td>DECIMAL</td><td>{@code m}</td><td>{@code m:12.50}</td></tr>
 *   <tr><td>DATE</td><td>{@code D}</td><td>{@code D:2026-01-31}</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@code t}</td><td>{@code t:2026-01-31T12:00:00.000001Z}</td></tr>
 * </table>
 *
 * <p>Floating-point values round-trip exactly ({@link Double#toString} is the shortest exact form). A null value has
 * no encoding: the writer deletes the field.
 */
public final class FeatureValueCodec {

    private FeatureValueCodec() {}

    /** The encoding of a non-null {@code value} of {@code type}. */
    public static String encode(ValueType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null has no encoding: the writer deletes null features");
        }
        return switch (type) {
            case STRING -> "s:" + (String) value;
            case BOOLEAN -> "b:" + (Boolean) value;
            case INT -> "i:" + (Integer) value;
            case LONG -> "l:" + (Long) value;
            case FLOAT -> "f:" + (Float) value;
            case DOUBLE -> "d:" + (Double) value;
            case DECIMAL -> "m:" + ((BigDecimal) value).toPlainString();
            case DATE -> "D:" + (LocalDate) value;
            case TIMESTAMP -> "t:" + (Instant) value;
        };
    }

    /**
     * The value {@code encoded} holds, which must be of {@code type}.
     *
     * @throws FreshetException if the stored tag is not {@code type}'s (the feature set changed a feature's type
     *     without rewriting the store) or the value does not parse
     */
    public static Object decode(ValueType type, String encoded, String featureSet, String feature) {
        if (encoded.length() < 2 || encoded.charAt(1) != ':') {
            throw corrupt(featureSet, feature, encoded, "it has no type tag");
        }
        char tag = encoded.charAt(0);
        if (tag != tag(type)) {
            throw new FreshetException(featureSet, "feature \"" + feature + "\" is stored in Redis as "
                    + typeOf(tag) + " but declared " + type + "; the feature set changed the feature's type: let the"
                    + " online job rewrite the keys (or delete them) before reading", null);
        }
        String text = encoded.substring(2);
        try {
            return switch (type) {
                case STRING -> text;
                case BOOLEAN -> parseBoolean(text);
                case INT -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case FLOAT -> Float.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                case DECIMAL -> new BigDecimal(text);
                case DATE -> LocalDate.parse(text);
                case TIMESTAMP -> Instant.parse(text);
            };
        } catch (RuntimeException e) {
            throw corrupt(featureSet, feature, encoded, e.getMessage());
        }
    }

    /** The tag of {@code type}. */
    public static char tag(ValueType type) {
        return switch (type) {
            case STRING -> 's';
            case BOOLEAN -> 'b';
            case INT -> 'i';
            case LONG -> 'l';
            case FLOAT -> 'f';
            case DOUBLE -> 'd';
            case DECIMAL -> 'm';
            case DATE -> 'D';
            case TIMESTAMP -> 't';
        };
    }

    private static String typeOf(char tag) {
        for (ValueType t : ValueType.values()) {
            if (tag(t) == tag) {
                return t.name();
            }
        }
        return "an unknown type '" + tag + "'";
    }

    private static Boolean parseBoolean(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        } else if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("\"" + text + "\" is not true or false");
    }

    private static FreshetException corrupt(String featureSet, String feature, String encoded, String why) {
        return new FreshetException(featureSet, "feature \"" + feature + "\" holds \"" + encoded + "\" in Redis, which"
                + " Freshet did not write (" + why + "); is another program writing under Freshet's key prefix?", null);
    }
}
