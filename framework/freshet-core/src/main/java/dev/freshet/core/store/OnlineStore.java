package dev.freshet.core.store;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import java.io.Serializable;
import java.time.Duration;

/**
 * Where online jobs write: the writers of one feature set, configured once on the driver. The engine writes through
 * this interface only, so a test can wrap the store (to fail after some writes, say) and another store can stand in
 * for Redis without the jobs knowing.
 *
 * <pre>{@code
 * EntityWriter writer = store.entityWriter(spec, Duration.ZERO);   // no TTL
 * WriteResult result = writer.write(writes.iterator());
 * }</pre>
 */
public interface OnlineStore extends Serializable {

    /**
     * The writer of row-level {@code spec}'s feature values.
     *
     * @param ttl how long an entity lives after its last applied write; zero for ever
     */
    EntityWriter entityWriter(FeatureSetSpec spec, Duration ttl);

    /**
     * The writer of aggregated {@code spec}'s tiles, laid out by {@code model}.
     *
     * @param ttl how long an entity lives after its last write; zero for ever
     */
    TileWriter tileWriter(FeatureSetSpec spec, TiledAggregation model, Duration ttl);

    /**
     * Checks, on the driver, that the store answers within {@code timeout}: a job checks before it starts, so that an
     * unreachable store fails the start once, by name, instead of every task of the job's first batch.
     *
     * @throws dev.freshet.core.error.FreshetException naming the store and what to check, if it does not answer
     */
    void check(Duration timeout);

    /** Where {@code featureSet}'s entities live in this store, for logs (never with credentials). */
    String describe(String featureSet);
}
