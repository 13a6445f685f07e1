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
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.core.window.TileRef;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads feature vectors from the Redis online store: {@link #get} with one {@code HGETALL}, {@link #getAll} with one
 * pipelined round trip for all keys. A missing hash is an unknown entity.
 *
 * <ul>
 *   <li>Row-level feature sets: the stored values of the entity's newest event, decoded with the declared types; a
 *       hash without a feature's field reads as a null value.
 *   <li>Aggregated feature sets: every aggregate of every window, merged from the stored tiles at read time, so that
 *       a window decays without new events (a 1-hour count is 0 an hour after the key's last event). A read at time
 *       {@code t} covers event times before the last tile boundary at or before {@code t}; see
 *       {@code docs/aggregations.md} for each window's precision. {@link #getAsOf} reads at another time (tests, and
 *       consistency checks).
 * </ul>
 *
 * <p>The client opens its own connections, and {@link #close()} closes exactly those, never the pool the writers of
 * this JVM share.
 *
 * <pre>{@code
 * try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
 *         new OnlineStoreLayout("freshet"), catalog)) {
 *     client.get("user-transactions", EntityKey.of("u42")).ifPresent(v -> ...);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RedisOnlineFeatureClient implements OnlineFeatureClient, AutoCloseable {

    private final RedisConnections pool;
    private final OnlineStoreLayout layout;
    private final FeatureSetCatalog catalog;
    private final Clock clock;
    private final Map<String, TiledAggregation> models = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisOnlineFeatureClient(RedisConnections pool, OnlineStoreLayout layout, FeatureSetCatalog catalog,
            Clock clock) {
        this.pool = pool;
        this.layout = requireNonNull(layout, "layout");
        this.catalog = requireNonNull(catalog, "catalog");
        this.clock = requireNonNull(clock, "clock");
    }

    /** A client of the store at {@code endpoint}, laid out by {@code layout}, for the feature sets of {@code catalog}. */
    public static RedisOnlineFeatureClient create(RedisEndpoint endpoint, OnlineStoreLayout layout,
            FeatureSetCatalog catalog) {
        return create(endpoint, layout, catalog, Clock.systemUTC());
    }

    /** As {@link #create(RedisEndpoint, OnlineStoreLayout, FeatureSetCatalog)}, reading aggregates at {@code clock}'s now. */
    public static RedisOnlineFeatureClient create(RedisEndpoint endpoint, OnlineStoreLayout layout,
            FeatureSetCatalog catalog, Clock clock) {
        requireNonNull(layout, "layout");
        requireNonNull(catalog, "catalog");
        requireNonNull(clock, "clock");
        return new RedisOnlineFeatureClient(RedisConnections.open(endpoint), layout, catalog, clock);
    }

    @Override
    public Optional<FeatureVector> get(String featureSet, EntityKey key) {
        return getAsOf(featureSet, key, clock.instant());
    }

    @Override
    public Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys) {
        return getAllAsOf(featureSet, keys, clock.instant());
    }

    /** The features of one entity as of {@code time} (aggregates; row-level features are always the latest). */
    public Optional<FeatureVector> getAsOf(String featureSet, EntityKey key, Instant time) {
        return Optional.ofNullable(getAllAsOf(featureSet, List.of(key), time).get(key));
    }

    /** The features of many entities as of {@code time}, in one round trip. */
    public Map<EntityKey, FeatureVector> getAllAsOf(String featureSet, Collection<EntityKey> keys, Instant time) {
        if (closed.get()) {
            throw new IllegalStateException("this RedisOnlineFeatureClient is closed; create another to read");
        }
        FeatureSetSpec spec = catalog.get(featureSet);
        List<EntityKey> ordered = new ArrayList<>(keys);
        for (EntityKey key : ordered) {
            checkKey(spec, key);
        }
        List<Map<String, byte[]>> hashes = fetch(spec, ordered);
        Map<EntityKey, FeatureVector> result = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, byte[]> hash = hashes.get(i);
            if (!hash.isEmpty()) {
                EntityKey key = ordered.get(i);
                result.put(key, spec.aggregated() ? aggregates(spec, key, hash, time) : latest(spec, key, hash));
            }
        }
        return result;
    }

    /** Closes the connections this client opened; writers' pooled connections stay open. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
        }
    }

    private List<Map<String, byte[]>> fetch(FeatureSetSpec spec, List<EntityKey> keys) {
        StatefulRedisConnection<String, byte[]> connection = pool.borrow();
        boolean healthy = false;
        try {
            List<RedisFuture<Map<String, byte[]>>> replies = new ArrayList<>(keys.size());
            boolean pipelined = keys.size() > 1;
            if (pipelined) {
                connection.setAutoFlushCommands(false);
            }
            for (EntityKey key : keys) {
                replies.add(connection.async().hgetall(layout.key(spec.name(), key.values())));
            }
            if (pipelined) {
                connection.flushCommands();
            }
            long timeout = pool.endpoint().commandTimeout().toMillis();
            if (!LettuceFutures.awaitAll(timeout, TimeUnit.MILLISECONDS, replies.toArray(new RedisFuture[0]))) {
                throw new FreshetException(spec.name(), "Redis at " + pool.endpoint().address()
                        + " did not answer within " + pool.endpoint().commandTimeout(), null);
            }
            List<Map<String, byte[]>> hashes = new ArrayList<>(keys.size());
            for (RedisFuture<Map<String, byte[]>> reply : replies) {
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

    private static FeatureVector latest(FeatureSetSpec spec, EntityKey key, Map<String, byte[]> hash) {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        for (ColumnSpec c : spec.featureColumns()) {
            byte[] encoded = hash.get(c.name());
            Object value = encoded == null ? null
                    : FeatureValueCodec.decode(c.type(), text(encoded), spec.name(), c.name());
            features.put(c.name(), new FeatureValue(c.type(), value));
        }
        return new FeatureVector(spec.name(), key, eventTime(spec, key, hash), features);
    }

    private FeatureVector aggregates(FeatureSetSpec spec, EntityKey key, Map<String, byte[]> hash, Instant time) {
        TiledAggregation model = models.computeIfAbsent(spec.name(), n -> TiledAggregation.of(spec));
        byte[] format = hash.get(TileStoreWriter.FORMAT);
        if (format == null || !text(format).equals(model.fingerprint())) {
            throw new FreshetException(spec.name(), "the tiles of key " + key + " in Redis were written for another"
                    + " definition of the feature set (tile format " + (format == null ? "none" : text(format))
                    + ", expected " + model.fingerprint() + "); its online job rewrites them once it runs the current"
                    + " definition from a fresh checkpoint", null);
        }
        Map<TileRef, long[]> tiles = new HashMap<>();
        int width = model.layout().width();
        for (Map.Entry<String, byte[]> e : hash.entrySet()) {
            model.plan().parseFieldName(e.getKey()).ifPresent(ref -> tiles.put(ref,
                    TileCodec.decode(e.getValue(), width)));
        }
        Object[] values = WindowedFeatures.read(model.plan(), model.layout(), tiles::get, time.toEpochMilli());
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        List<ColumnSpec> columns = spec.featureColumns();
        for (int i = 0; i < columns.size(); i++) {
            features.put(columns.get(i).name(), new FeatureValue(columns.get(i).type(), values[i]));
        }
        return new FeatureVector(spec.name(), key, eventTime(spec, key, hash), features);
    }

    private static Instant eventTime(FeatureSetSpec spec, EntityKey key, Map<String, byte[]> hash) {
        byte[] eventTime = hash.get(OnlineStoreLayout.EVENT_TIME);
        if (eventTime == null) {
            throw new FreshetException(spec.name(), "the Redis hash of key " + key + " has no "
                    + OnlineStoreLayout.EVENT_TIME + " field; is another program writing under Freshet's prefix?",
                    null);
        }
        return Instant.ofEpochMilli(Long.parseLong(text(eventTime)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
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
