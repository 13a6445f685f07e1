package dev.freshet.api.online;

import static java.util.Objects.requireNonNull;

/**
 * A feature set, named by a constant that Freshet's annotation processor generates, so that a misspelt feature set is
 * a compile error rather than an unknown name at run time. Each generated {@code <Class>_FeatureSet} has one:
 *
 * <pre>{@code
 * Optional<FeatureVector> v = client.get(UserTransactionAggregates_FeatureSet.FEATURE_SET, EntityKey.of("u42"));
 * }</pre>
 *
 * @param name the feature-set name, as {@link OnlineFeatureClient#get(String, EntityKey)} takes it
 */
public record FeatureSetHandle(String name) {

    /** Checks that the name is present. */
    public FeatureSetHandle {
        requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name;
    }
}
