package dev.freshet.api.online;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Reads feature vectors from the online store.
 *
 * <pre>{@code
 * Optional<FeatureVector> v = client.get("user-transactions", EntityKey.of("u42"));
 * double amount = v.orElseThrow().feature("amount").asDouble();
 * }</pre>
 *
 * <p>The same with the constants the annotation processor generates for each feature set, which javac checks:
 *
 * <pre>{@code
 * Optional<FeatureVector> v = client.get(UserTransactions_FeatureSet.FEATURE_SET, EntityKey.of("u42"));
 * Double amount = v.orElseThrow().value(UserTransactions_FeatureSet.AMOUNT);
 * }</pre>
 *
 * <p>Implementations are thread-safe. An entity the store has never seen (or whose values expired) is absent: an
 * empty {@code Optional}, or no entry in the map of {@link #getAll}. A feature whose latest value is null is present,
 * with a null {@link FeatureValue}.
 */
public interface OnlineFeatureClient {

    /** The features of one entity, or empty if the store has none for it. */
    Optional<FeatureVector> get(String featureSet, EntityKey key);

    /**
     * The features of many entities in one round trip to the store. The result holds an entry for each key the
     * store has, in the order of {@code keys}.
     */
    Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys);

    /** As {@link #get(String, EntityKey)}, for the feature set a generated constant names. */
    default Optional<FeatureVector> get(FeatureSetHandle featureSet, EntityKey key) {
        return get(featureSet.name(), key);
    }

    /** As {@link #getAll(String, Collection)}, for the feature set a generated constant names. */
    default Map<EntityKey, FeatureVector> getAll(FeatureSetHandle featureSet, Collection<EntityKey> keys) {
        return getAll(featureSet.name(), keys);
    }
}
