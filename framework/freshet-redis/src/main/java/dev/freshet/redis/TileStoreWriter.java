package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.store.TileWriter;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes the tiles of aggregated feature sets into the online store: per key, one {@code HSET} of the changed tiles
 * (absolute values), the newest event time ({@value OnlineStoreLayout#EVENT_TIME}) and the tile-format fingerprint
 * ({@value #FORMAT}), an {@code HDEL} of pruned tiles, and an {@code EXPIRE}. Pipelined in chunks of
 * {@value #CHUNK} keys; every reply is checked. No command names two keys (nor is a key's HSET, HDEL and EXPIRE one
 * transaction: each is absolute, and a replay rewrites all three), so on a Redis Cluster each goes to the node owning
 * its key.
 *
 * <p>Values are absolute and computed from committed state, so replaying a batch writes the same values again:
 * exactly-once results over at-least-once writes. Serializable, for Spark executors.
 */
public final class TileStoreWriter implements TileWriter {

    private static final long serialVersionUID = 1L;

    /** Field holding the fingerprint of the tile format the hash was written with. */
    public static final String FORMAT = "__v";

    static final int CHUNK = 500;

    private final RedisEndpoint endpoint;
    private final OnlineStoreLayout layout;
    private final String featureSet;
    private final String fingerprint;
    private final long ttlSeconds;

    private TileStoreWriter(RedisEndpoint endpoint, OnlineStoreLayout layout, String featureSet, String fingerprint,
            Duration ttl) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.layout = requireNonNull(layout, "layout");
        this.featureSet = requireNonNull(featureSet, "featureSet");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint");
        this.ttlSeconds = ttl.isZero() ? 0 : Math.max(1, (ttl.toMillis() + 999) / 1000);
    }

    /**
     * A writer of {@code featureSet}'s tiles.
     *
     * @param fingerprint the tile-format fingerprint stored with every key
     * @param ttl         how long a key lives after its last write; zero for ever
     */
    public static TileStoreWriter forFeatureSet(RedisEndpoint endpoint, OnlineStoreLayout layout, String featureSet,
            String fingerprint, Duration ttl) {
        return new TileStoreWriter(endpoint, layout, featureSet, fingerprint, ttl);
    }

    /** Writes everything {@code writes} yields; returns the number of keys written once Redis acknowledged all. */
    @Override
    public long write(Iterator<TileWrite> writes) {
        try (ExecutorClients.Lease<RedisConnections> lease = RedisConnections.shared(endpoint)) {
            return write(lease.client(), writes);
        }
    }

    private long write(RedisConnections pool, Iterator<TileWrite> writes) {
        RedisConnection connection = pool.borrow();
        boolean healthy = false;
        try {
            connection.setAutoFlushCommands(false);
            long keys = 0;
            List<TileWrite> chunk = new ArrayList<>(CHUNK);
            while (writes.hasNext()) {
                chunk.add(writes.next());
                if (chunk.size() == CHUNK) {
                    keys += send(connection, chunk);
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                keys += send(connection, chunk);
            }
            healthy = true;
            return keys;
        } finally {
            if (healthy) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    private long send(RedisConnection connection, List<TileWrite> chunk) {
        RedisClusterAsyncCommands<String, byte[]> redis = connection.async();
        List<RedisFuture<?>> replies = new ArrayList<>(chunk.size() * 3);
        byte[] format = fingerprint.getBytes(StandardCharsets.UTF_8);
        for (TileWrite w : chunk) {
            String key = layout.key(featureSet, w.key());
            Map<String, byte[]> fields = new LinkedHashMap<>(w.tiles());
            fields.put(OnlineStoreLayout.EVENT_TIME, Long.toString(w.newestEventTime())
                    .getBytes(StandardCharsets.UTF_8));
            fields.put(FORMAT, format);
            replies.add(redis.hset(key, fields));
            if (!w.removed().isEmpty()) {
                replies.add(redis.hdel(key, w.removed().toArray(String[]::new)));
            }
            if (ttlSeconds > 0) {
                replies.add(redis.expire(key, ttlSeconds));
            }
        }
        connection.flushCommands();
        long timeout = endpoint.commandTimeout().toMillis();
        if (!LettuceFutures.awaitAll(timeout, TimeUnit.MILLISECONDS, replies.toArray(new RedisFuture[0]))) {
            throw new FreshetException(featureSet, "Redis at " + endpoint.address() + " did not acknowledge the tiles"
                    + " of " + chunk.size() + " keys within " + endpoint.commandTimeout() + "; the batch fails and is"
                    + " replayed after a restart (tile writes are absolute)", null);
        }
        for (RedisFuture<?> reply : replies) {
            try {
                reply.get();
            } catch (ExecutionException e) {
                throw new FreshetException(featureSet, "Redis at " + endpoint.address() + " rejected a tile write: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FreshetException(featureSet, "interrupted while writing tiles to Redis", e);
            }
        }
        return chunk.size();
    }

    @Override
    public String toString() {
        return "TileStoreWriter[" + featureSet + " → " + endpoint + ", " + layout.prefix() + ", ttl " + ttlSeconds
                + "s]";
    }
}
