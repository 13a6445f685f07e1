package dev.freshet.core.key;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The one text encoding of an entity key (its values in key-column order), shared by every part that groups, stores or
 * looks up entities: the online store's hash keys, the tile operator's grouping, point-in-time retrieval's co-grouping.
 * Whatever the store, two keys are the same entity exactly when their encodings are equal.
 *
 * <p>A single value is written as is ({@code u42}); a composite key joins its values with {@code |}, after escaping
 * {@code \} as {@code \\} and {@code |} as {@code \|} ({@code u42|m\|7}), so distinct composite keys never share an
 * encoding.
 */
public final class EntityKeys {

    private EntityKeys() {}

    /**
     * The encoding of {@code values}.
     *
     * @throws IllegalArgumentException if there is no value
     * @throws NullPointerException     if a value is null (keys never contain nulls)
     */
    public static String encode(List<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an entity key needs at least one value");
        }
        if (values.size() == 1) {
            return String.valueOf(requireNonNull(values.get(0), "key value"));
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append('|');
            }
            String v = String.valueOf(requireNonNull(values.get(i), "key value"));
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '\\' || c == '|') {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.toString();
    }
}
