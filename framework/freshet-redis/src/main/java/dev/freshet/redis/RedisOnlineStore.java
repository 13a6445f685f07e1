package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.store.TileWriter;
import dev.freshet.core.tile.TiledAggregation;
import java.time.Duration;

/**
 * The Redis online store as the jobs write it: {@link OnlineStoreWriter} for row-level feature sets,
 * {@link TileStoreWriter} for aggregated ones, both at {@code endpoint} and laid out by {@code layout}.
 *
 * @param endpoint where Redis is
 * @param layout   how keys are named
 */
public record RedisOnlineStore(RedisEndpoint endpoint, OnlineStoreLayout layout) implements OnlineStore {

    /** Checks both are given. */
    public RedisOnlineStore {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(layout, "layout");
    }

    @Override
    public EntityWriter entityWriter(FeatureSetSpec spec, Duration ttl) {
        return OnlineStoreWriter.forFeatureSet(endpoint, layout, spec.name(), spec.featureColumns(), ttl);
    }

    @Override
    public TileWriter tileWriter(FeatureSetSpec spec, TiledAggregation model, Duration ttl) {
        return TileStoreWriter.forFeatureSet(endpoint, layout, spec.name(), model.fingerprint(), ttl);
    }

    /** One {@code PING} from a client of its own, closed before this returns. */
    @Override
    public void check(Duration timeout) {
        try (RedisConnections pool = RedisConnections.open(endpoint)) {
            pool.ping(timeout);
        }
    }

    @Override
    public String describe(String featureSet) {
        return "Redis at " + endpoint.address() + ", keys " + layout.pattern(featureSet);
    }
}
