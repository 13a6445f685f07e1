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
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.error.UnanswerableReadException;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.core.window.TileRef;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads feature vectors from the Redis online store: {@link #get} with one {@code HGETALL}, {@link #getAll} with one
 * pipelined round trip for all keys (on a Redis Cluster, one round trip to each node owning some of the keys, sent
 * together: keys of any hash slots can be read together). A missing hash is an unknown entity.
 *
 * <ul>
 *   <li>Row-level feature sets: the stored values of the entity's newest event, decoded with the declared types; a
 *       hash without a feature's field reads as a null value. {@link #get} and {@link #getAll} always return them
 *       (serving reads "now", whatever the clocks of producers); as of an instant before their event time they are
 *       not the values of that instant, and {@link #getAsOf} refuses.
 *   <li>Aggregated feature sets: every aggregate of every window, merged from the stored tiles at read time, so that
 *       a window decays without new events (a 1-hour count is 0 an hour after the key's last event). A read at time
 *       {@code t} covers event times before the last tile boundary at or before {@code t}; see
 *       {@code docs/aggregations.md} for each window's precision. {@link #get} reads at the client's clock,
 *       {@link #getAsOf} at another time (tests, and consistency checks). The online job prunes tiles as they age,
 *       so the stored tiles answer a read only from an instant shortly before the key's newest event on (about its
 *       {@code maxEventTimeSkew} before); an older read is refused rather than merged from what is left.
 * </ul>
 *
 * <p>A refused read throws {@link UnanswerableReadException}, naming the key and the earliest instant the store
 * answers; {@link #readAllAsOf} reports per key instead. The client opens its own connections, and {@link #close()}
 * closes exactly those, never the pool the writers of this JVM share.
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
        // Checked before opening: a missing argument must not leave an opened client behind.
        requireNonNull(layout, "layout");
        requireNonNull(catalog, "catalog");
        requireNonNull(clock, "clock");
        return new RedisOnlineFeatureClient(RedisConnections.open(endpoint), layout, catalog, clock);
    }

    /**
     * {@inheritDoc} Row-level: the newest stored values. Aggregated: read at the client's clock.
     *
     * @throws UnanswerableReadException if the key's stored tiles can no longer answer a read at the client's clock
     *                                   (a clock far behind the key's events)
     */
    @Override
    public Optional<FeatureVector> get(String featureSet, EntityKey key) {
        return Optional.ofNullable(getAll(featureSet, List.of(key)).get(key));
    }

    /**
     * {@inheritDoc} Row-level: the newest stored values. Aggregated: read at the client's clock.
     *
     * @throws UnanswerableReadException for the first key whose stored tiles can no longer answer a read at the
     *                                   client's clock
     */
    @Override
    public Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys) {
        return vectors(featureSet, keys, clock.instant(), true);
    }

    /**
     * The features of one entity as of {@code time}, or empty if the store has none for it.
     *
     * @throws UnanswerableReadException if what the store holds for the key can no longer answer {@code time}: an
     *                                   aggregated set's tiles that reads at {@code time} need were pruned, or a
     *                                   row-level set's stored values come from an event after {@code time}. The
     *                                   message names the earliest instant answered.
     */
    public Optional<FeatureVector> getAsOf(String featureSet, EntityKey key, Instant time) {
        return Optional.ofNullable(getAllAsOf(featureSet, List.of(key), time).get(key));
    }

    /**
     * The features of many entities as of {@code time}, in one round trip: an entry for each key the store has, in the
     * order of {@code keys}.
     *
     * @throws UnanswerableReadException for the first key (in the order of {@code keys}) whose stored data can no
     *                                   longer answer {@code time}, as {@link #getAsOf} says; use
     *                                   {@link #readAllAsOf} to get the other keys' vectors anyway
     */
    public Map<EntityKey, FeatureVector> getAllAsOf(String featureSet, Collection<EntityKey> keys, Instant time) {
        return vectors(featureSet, keys, time, false);
    }

    /**
     * What the store answers for each of {@code keys} as of {@code time}, in one round trip and without throwing for
     * keys it cannot answer: an entry for every key asked, in the order of {@code keys}, holding the vector
     * ({@link OnlineRead.Answered}), the key's stored newest event time and earliest answerable instant
     * ({@link OnlineRead.Unanswerable}), or {@link OnlineRead.Absent}. {@link #getAllAsOf} is this, with
     * unanswerable keys thrown and absent ones left out.
     */
    public Map<EntityKey, OnlineRead> readAllAsOf(String featureSet, Collection<EntityKey> keys, Instant time) {
        requireNonNull(time, "time");
        return reads(catalog.get(featureSet), keys, time, false);
    }

    /**
     * What the store holds for each of {@code keys}, read in one round trip, to be answered as of any instants
     * afterwards without reading again: several instants over one read, as a consistency check needs when the store
     * keeps changing. An entry for every key asked, in the order of {@code keys}.
     */
    public Map<EntityKey, StoredFeatures> readAll(String featureSet, Collection<EntityKey> keys) {
        FeatureSetSpec spec = catalog.get(featureSet);
        List<EntityKey> ordered = checkedKeys(spec, keys);
        List<Map<String, byte[]>> hashes = fetch(spec, ordered);
        Map<EntityKey, StoredFeatures> result = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, byte[]> hash = hashes.get(i);
            EntityKey key = ordered.get(i);
            result.put(key, time -> StoredHashes.read(spec, spec.aggregated() ? model(spec) : null, key, hash,
                    requireNonNull(time, "time")));
        }
        return result;
    }

    /**
     * Checks that Redis answers: one {@code PING}, waiting at most {@code timeout}.
     *
     * @return how long the answer took
     * @throws FreshetException if Redis did not answer, or answered with an error
     */
    public Duration ping(Duration timeout) {
        return pool.ping(timeout);
    }

    /** Closes the connections this client opened; writers' pooled connections stay open. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
        }
    }

    /** The vectors of the keys read at {@code time}; {@code live} reads of row-level sets take the newest values. */
    private Map<EntityKey, FeatureVector> vectors(String featureSet, Collection<EntityKey> keys, Instant time,
            boolean live) {
        requireNonNull(time, "time");
        FeatureSetSpec spec = catalog.get(featureSet);
        Map<EntityKey, FeatureVector> vectors = new LinkedHashMap<>();
        for (Map.Entry<EntityKey, OnlineRead> e : reads(spec, keys, time, live).entrySet()) {
            if (e.getValue() instanceof OnlineRead.Answered answered) {
                vectors.put(e.getKey(), answered.vector());
            } else if (e.getValue() instanceof OnlineRead.Unanswerable unanswerable) {
                throw spec.aggregated()
                        ? FreshetErrors.prunedTiles(spec.name(), e.getKey(), time, unanswerable.newestEventTime(),
                                model(spec).policy().maxEventTimeSkew(), unanswerable.earliestAnswerable())
                        : FreshetErrors.newerValuesOnly(spec.name(), e.getKey(), time, unanswerable.newestEventTime());
            }
        }
        return vectors;
    }

    private List<EntityKey> checkedKeys(FeatureSetSpec spec, Collection<EntityKey> keys) {
        if (closed.get()) {
            throw new IllegalStateException("this RedisOnlineFeatureClient is closed; create another to read");
        }
        List<EntityKey> ordered = new ArrayList<>(new LinkedHashSet<>(keys));
        for (EntityKey key : ordered) {
            StoredHashes.checkKey(spec, key);
        }
        return ordered;
    }

    private Map<EntityKey, OnlineRead> reads(FeatureSetSpec spec, Collection<EntityKey> keys, Instant time,
            boolean live) {
        List<EntityKey> ordered = checkedKeys(spec, keys);
        List<Map<String, byte[]>> hashes = fetch(spec, ordered);
        Map<EntityKey, OnlineRead> result = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, byte[]> hash = hashes.get(i);
            EntityKey key = ordered.get(i);
            result.put(key, StoredHashes.read(spec, spec.aggregated() ? model(spec) : null, key, hash,
                    spec.aggregated() || !live ? time : null));
        }
        return result;
    }

    private List<Map<String, byte[]>> fetch(FeatureSetSpec spec, List<EntityKey> keys) {
        RedisConnection connection = pool.borrow();
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

    private TiledAggregation model(FeatureSetSpec spec) {
        return models.computeIfAbsent(spec.name(), n -> TiledAggregation.of(spec));
    }
}
