package dev.freshet.api.online;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The key of one entity of a feature set: one value per key column, in the order the feature set declares them.
 * Values are strings, integers or longs, as the key columns are typed.
 *
 * @param values key values in key-column order; none null
 */
public record EntityKey(List<Object> values) {

    /** Checks there is at least one value and none is null, and copies the list. */
    public EntityKey {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an entity key needs at least one value");
        }
        values.forEach(v -> Objects.requireNonNull(v, "a key value is null; keys never contain nulls"));
        values = List.copyOf(values);
    }

    /** A key made of the given values, such as {@code EntityKey.of("u42")}. */
    public static EntityKey of(Object... values) {
        return new EntityKey(Arrays.asList(values));
    }

    @Override
    public String toString() {
        return values.size() == 1 ? String.valueOf(values.get(0)) : values.toString();
    }
}
