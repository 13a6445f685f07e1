package dev.freshet.spark.consistency;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of comparing online features with features recomputed from the offline store, for a sample of keys
 * at one instant.
 *
 * @param featureSet the feature set
 * @param at         the instant compared
 * @param keys       keys sampled
 * @param features   per feature: how many keys matched, mismatched, or had a value on one side only
 * @param examples   a few mismatches, for a human to look at
 */
public record ConsistencyReport(String featureSet, Instant at, int keys, Map<String, FeatureConsistency> features,
        List<String> examples) {

    /** Checks and copies. */
    public ConsistencyReport {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(at, "at");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        examples = List.copyOf(examples);
    }

    /** Comparisons that matched, over all features. */
    public long matched() {
        return features.values().stream().mapToLong(FeatureConsistency::matched).sum();
    }

    /** Comparisons made, over all features. */
    public long compared() {
        return features.values().stream().mapToLong(FeatureConsistency::total).sum();
    }

    /** The share of comparisons that matched; 1 when nothing was compared. */
    public double matchRatio() {
        return compared() == 0 ? 1.0 : (double) matched() / compared();
    }

    /**
     * Counts for one feature.
     *
     * @param matched        both sides equal (doubles within a relative 1e-9)
     * @param mismatched     both sides present and different
     * @param missingOnline  the offline store has the key, the online store does not
     * @param missingOffline the online store has the key, the offline store does not
     */
    public record FeatureConsistency(long matched, long mismatched, long missingOnline, long missingOffline) {

        /** All comparisons. */
        public long total() {
            return matched + mismatched + missingOnline + missingOffline;
        }
    }
}
