package dev.freshet.spark.consistency;

import static java.util.Objects.requireNonNull;

import dev.freshet.spark.source.SourceOffsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of comparing online features with features recomputed from the offline store, for a sample of keys
 * at one instant, over the records both stores had read.
 *
 * @param featureSet     the feature set
 * @param at             the instant compared
 * @param keys           keys sampled
 * @param features       per feature: how many keys matched, mismatched, or had no online value
 * @param skipped        keys not compared, by {@link Skip reason}: comparing them would not say whether the stores
 *                       agree
 * @param comparedEarlier keys of an aggregated set compared at an instant before {@code at}: the online store had read
 *                       newer records of theirs than the offline store, and those are compared just before the first
 *                       of them
 * @param examples       a few mismatches, for a human to look at
 * @param online         the point of the source the online store reflected
 * @param offline        the point of the source the offline store held everything before
 */
public record ConsistencyReport(String featureSet, Instant at, int keys, Map<String, FeatureConsistency> features,
        Map<Skip, Long> skipped, long comparedEarlier, List<String> examples, SourceOffsets online,
        SourceOffsets offline) {

    /** Checks and copies. */
    public ConsistencyReport {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(at, "at");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        examples = List.copyOf(examples);
        requireNonNull(online, "online");
        requireNonNull(offline, "offline");
    }

    /** Comparisons that matched, over all features. */
    public long matched() {
        return features.values().stream().mapToLong(FeatureConsistency::matched).sum();
    }

    /** Comparisons made, over all features. */
    public long compared() {
        return features.values().stream().mapToLong(FeatureConsistency::total).sum();
    }

    /** Keys compared. */
    public long keysCompared() {
        return keys - skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The share of comparisons that matched; 1 when nothing was compared (see {@link #compared()}). */
    public double matchRatio() {
        return compared() == 0 ? 1.0 : (double) matched() / compared();
    }

    /** Why a key was not compared. */
    public enum Skip {
        /**
         * The online store cannot answer the instant for the key: an aggregated set's job pruned tiles the read
         * needs, or a row-level set holds a newer event's values.
         */
        NOT_ANSWERABLE_ONLINE,
        /**
         * The online store had read records of the key the offline store had not, and (row-level) one of them is the
         * value it serves: wait for the next offline run.
         */
        CHANGED_SINCE_OFFLINE_RUN,
        /** The online store holds nothing for the key, and its TTL explains it. */
        EXPIRED_ONLINE
    }

    /**
     * Counts for one feature.
     *
     * @param matched       both sides equal (doubles within a relative 1e-9)
     * @param mismatched    both sides present and different
     * @param missingOnline the offline store has a value the online store does not serve
     */
    public record FeatureConsistency(long matched, long mismatched, long missingOnline) {

        /** All comparisons. */
        public long total() {
            return matched + mismatched + missingOnline;
        }
    }
}
