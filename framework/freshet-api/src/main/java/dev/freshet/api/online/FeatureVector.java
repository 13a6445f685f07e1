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

    /**
     * The value of feature {@code name}.
     *
     * @throws IllegalArgumentException if the feature set has no such feature
     */
    public FeatureValue feature(String name) {
        FeatureValue value = features.get(name);
        if (value == null) {
            throw new IllegalArgumentException("feature set \"" + featureSet + "\" has no feature \"" + name
                    + "\"; it has " + features.keySet());
        }
        return value;
    }

    /**
     * The value of {@code feature}, a generated constant.
     *
     * @throws IllegalArgumentException if the feature belongs to another feature set, or its type here differs from
     *     the constant's (the constant was generated from another version of the feature set: recompile against the
     *     one deployed)
     */
    public FeatureValue feature(FeatureHandle<?> feature) {
        if (!feature.featureSet().name().equals(featureSet)) {
            throw new IllegalArgumentException("feature \"" + feature.name() + "\" belongs to feature set \""
                    + feature.featureSet().name() + "\", not to \"" + featureSet + "\"");
        }
        FeatureValue value = feature(feature.name());
        if (value.type() != feature.type()) {
            throw new IllegalArgumentException("feature \"" + feature.name() + "\" of feature set \"" + featureSet
                    + "\" is a " + value.type() + ", not a " + feature.type() + " as the constant was generated;"
                    + " recompile against the feature set that is deployed");
        }
        return value;
    }

    /**
     * The value of {@code feature}, a generated constant, as its Java type: {@code Double} for a {@code DOUBLE}
     * feature, and so on; {@code null} if the value is null.
     *
     * @throws IllegalArgumentException as {@link #feature(FeatureHandle)}
     */
    public <T> T value(FeatureHandle<T> feature) {
        return feature.javaType().cast(feature(feature).value());
    }
}
