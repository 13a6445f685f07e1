package dev.freshet.spark.offline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Features of one feature set to retrieve: all of them, or a chosen few.
 *
 * @param featureSet the feature set
 * @param features   feature names; empty for all
 */
public record FeatureRequest(String featureSet, List<String> features) {

    /** Checks and copies. */
    public FeatureRequest {
        requireNonNull(featureSet, "featureSet");
        features = List.copyOf(features);
    }

    /** Every feature of {@code featureSet}. */
    public static FeatureRequest all(String featureSet) {
        return new FeatureRequest(featureSet, List.of());
    }

    /** The named features of {@code featureSet}. */
    public static FeatureRequest of(String featureSet, String... features) {
        return new FeatureRequest(featureSet, List.of(features));
    }
}
