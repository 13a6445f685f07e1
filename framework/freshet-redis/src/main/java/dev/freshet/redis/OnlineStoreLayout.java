package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.key.EntityKeys;
import java.io.Serializable;
import java.util.List;

/**
 * Where features live in Redis: one hash per entity, at {@code <prefix>:<feature set>:<entity key>}, with one field
 * per feature and the reserved fields {@value #EVENT_TIME} (event time of the stored values, epoch milliseconds),
 * {@value #PARTITION} and {@value #OFFSET} (the source position of the event they come from).
 *
 * <p>The entity key is written in the core's one encoding ({@link EntityKeys#encode}): a single value as is
 * ({@code freshet:user-transactions:u42}), a composite key joined with {@code |} after escaping
 * ({@code freshet:card-merchant:u42|m\|7}).
 *
 * @param prefix first part of every key, such as {@code freshet}; no colon
 */
public record OnlineStoreLayout(String prefix) implements Serializable {

    /** The default prefix. */
    public static final String DEFAULT_PREFIX = "freshet";
    /** Field holding the event time of the stored values, epoch milliseconds. */
    public static final String EVENT_TIME = "__ts";
    /** Field holding the source partition of the stored values. */
    public static final String PARTITION = "__p";
    /** Field holding the source offset of the stored values. */
    public static final String OFFSET = "__o";

    /** Checks the prefix. */
    public OnlineStoreLayout {
        requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.contains(":") || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Redis key prefix \"" + prefix
                    + "\" must be non-empty, without colons or spaces, such as \"freshet\"");
        }
    }

    /** The hash key of one entity. */
    public String key(String featureSet, List<?> keyValues) {
        return prefix + ":" + featureSet + ":" + EntityKeys.encode(keyValues);
    }

    /** The pattern matching every entity of {@code featureSet}, for {@code SCAN}. */
    public String pattern(String featureSet) {
        return prefix + ":" + featureSet + ":*";
    }
}
