package dev.freshet.api.online;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ValueType;

/**
 * One feature of a feature set, with its type, named by a constant that Freshet's annotation processor generates:
 * reading it from a {@link FeatureVector} needs no string and no cast, and a misspelt feature is a compile error.
 *
 * <pre>{@code
 * FeatureVector v = client.get(UserTransactionAggregates_FeatureSet.FEATURE_SET, EntityKey.of("u42")).orElseThrow();
 * Double avg = v.value(UserTransactionAggregates_FeatureSet.AVG_AMOUNT_1H);   // null if the value is null
 * }</pre>
 *
 * @param featureSet the feature set it belongs to
 * @param name       the feature's name, as {@link FeatureVector#features()} is keyed
 * @param type       its value type
 * @param javaType   the class of its non-null values, {@link FeatureValue#javaType(ValueType)} of {@code type}
 * @param <T>        that class
 */
public record FeatureHandle<T>(FeatureSetHandle featureSet, String name, ValueType type, Class<T> javaType) {

    /** Checks every part, and that {@code javaType} is the class values of {@code type} have. */
    public FeatureHandle {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(javaType, "javaType");
        if (!javaType.equals(FeatureValue.javaType(type))) {
            throw new IllegalArgumentException("feature \"" + name + "\" is a " + type + ", whose values are "
                    + FeatureValue.javaType(type).getSimpleName() + ", not " + javaType.getSimpleName());
        }
    }

    @Override
    public String toString() {
        return featureSet.name() + "." + name;
    }
}
