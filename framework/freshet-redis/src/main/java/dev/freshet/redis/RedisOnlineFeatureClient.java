package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads feature vectors from the Redis online store: {@link #get} with one {@code HGETALL}, {@link #getAll} with
 * one pipelined round trip for all keys. Values are decoded with the types the feature set declares; a hash without
 * a feature's field reads as a null value, a missing hash as no entity. Thread-safe.
 *
 * <pre>{@code
 * try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
 *         new OnlineStoreLayout("freshet"), catalog)) {
 *     client.get("user-transactions", EntityKey.of("u42")).ifPresent(v -> ...);
 * }
 * }</pre>
 */
public final class RedisOnlineFeatureClient implements OnlineFeatureClient, AutoCloseable {

    private final RedisConnections pool;
    private final OnlineStoreLayout layout;
    private final FeatureSetCatalog catalog;

    private RedisOnlineFeatureClient(RedisConnections pool, OnlineStoreLayout layout, FeatureSetCatalog catalog) {
        this.pool = pool;
        this.layout = requireNonNull(layout, "layout");
        this.catalog = requireNonNull(catalog, "catalog");
    }

    /** A client of the store at {@code endpoint}, laid out by {@code layout}, for the feature sets of {@code catalog}. */
    public static RedisOnlineFeatureClient create(RedisEndpoint endpoint, OnlineStoreLayout layout,
            FeatureSetCatalog catalog) {
        return new RedisOnlineFeatureClient(RedisConnections.of(endpoint), layout, catalog);
    }

    @Override
    public Optional<FeatureVector> get(String featureSet, EntityKey key) {
        Map<EntityKey, FeatureVector> one = getAll(featureSet, List.of(key));
        return Optional.ofNullable(one.get(key));
    }

    @Override
    public Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys) {
        FeatureSetSpec spec = catalog.get(featureSet);
        List<EntityKey> ordered = new ArrayList<>(keys);
        for (EntityKey key : ordered) {
            checkKey(spec, key);
        }
        List<Map<String, String>> hashes = fetch(spec, ordered);
        Map<EntityKey, FeatureVector> result = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, String> hash = hashes.get(i);
            if (!hash.isEmpty()) {
                result.put(ordered.get(i), vector(spec, ordered.get(i), hash));
            }
        }
        return result;
    }

    /** Releases the connections of this client's endpoint. */
    @Override
    public void close() {
        RedisConnections.closeAll();
    }

    private List<Map<String, String>> fetch(FeatureSetSpec spec, List<EntityKey> keys) {
        StatefulRedisConnection<String, String> connection = pool.borrow();
        boolean healthy = false;
        try {
            List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(keys.size());
            if (keys.size() > 1) {
                connection.setAutoFlushCommands(false);
            }
            for (EntityKey key : keys) {
                replies.add(connection.async().hgetall(layout.key(spec.name(), key.values())));
            }
            if (keys.size() > 1) {
                connection.flushCommands();
            }
            long timeout = pool.endpoint().commandTimeout().toMillis();
            if (!LettuceFutures.awaitAll(timeout, TimeUnit.MILLISECONDS, replies.toArray(new RedisFuture[0]))) {
                throw new FreshetException(spec.name(), "Redis at " + pool.endpoint().address()
                        + " did not answer within " + pool.endpoint().commandTimeout(), null);
            }
            List<Map<String, String>> hashes = new ArrayList<>(keys.size());
            for (RedisFuture<Map<String, String>> reply : replies) {
                hashes.add(reply.get());
            }
            healthy = true;
            return hashes;
        } catch (ExecutionException e) {
            throw RedisConnections.unreachable(pool.endpoint(), e.getCause());
        } catch (RedisException e) {
            throw RedisConnections.unreachable(pool.endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(spec.name(), "interrupted while reading from Redis", e);
        } finally {
            if (healthy) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    private static FeatureVector vector(FeatureSetSpec spec, EntityKey key, Map<String, String> hash) {
        String eventTime = hash.get(OnlineStoreLayout.EVENT_TIME);
        if (eventTime == null) {
            throw new FreshetException(spec.name(), "the Redis hash of key " + key + " has no "
                    + OnlineStoreLayout.EVENT_TIME + " field; is another program writing under Freshet's prefix?",
                    null);
        }
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        for (ColumnSpec c : spec.featureColumns()) {
            String encoded = hash.get(c.name());
            Object value = encoded == null ? null : FeatureValueCodec.decode(c.type(), encoded, spec.name(), c.name());
            features.put(c.name(), new FeatureValue(c.type(), value));
        }
        return new FeatureVector(spec.name(), key, Instant.ofEpochMilli(Long.parseLong(eventTime)), features);
    }

    private static void checkKey(FeatureSetSpec spec, EntityKey key) {
        if (key.values().size() != spec.key().size()) {
            throw new IllegalArgumentException("feature set \"" + spec.name() + "\" is keyed by " + spec.key()
                    + ": give " + spec.key().size() + " key value(s), not " + key.values().size());
        }
        for (int i = 0; i < spec.key().size(); i++) {
            String column = spec.key().get(i);
            ValueType type = spec.column(column).orElseThrow().type();
            Object value = key.values().get(i);
            boolean fits = switch (type) {
                case STRING -> value instanceof String;
                case INT, LONG -> value instanceof Integer || value instanceof Long;
                default -> false;
            };
            if (!fits) {
                throw new IllegalArgumentException("feature set \"" + spec.name() + "\": key column \"" + column
                        + "\" is " + type + ", but the key value " + value + " is a "
                        + value.getClass().getSimpleName());
            }
        }
    }
}
