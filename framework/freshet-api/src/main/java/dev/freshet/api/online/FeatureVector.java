package dev.freshet.api.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The features of one entity as the online store holds them.
 *
 * @param featureSet feature-set name
 * @param key        the entity
 * @param eventTime  event time of the newest source event reflected in these values
 * @param features   values by feature name, in the feature set's column order
 */
public record FeatureVector(String featureSet, EntityKey key, Instant eventTime, Map<String, FeatureValue> features) {

    /** Checks every part and copies the map, keeping its order. */
    public FeatureVector {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(key, "key");
        requireNonNull(eventTime, "eventTime");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** The value of feature {@code name}. */
    public FeatureValue feature(String name) {
        FeatureValue value = features.get(name);
        if (value == null) {
            throw new IllegalArgumentException("feature set \"" + featureSet + "\" has no feature \"" + name
                    + "\"; it has " + features.keySet());
        }
        return value;
    }
}
