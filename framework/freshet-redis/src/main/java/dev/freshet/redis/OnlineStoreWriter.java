package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.WriteResult;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes feature rows into the online store: pipelined, idempotent, and ordered by event.
 *
 * <p>Each {@link EntityWrite} is one call of a Lua script that, atomically, compares the stored source position
 * ({@code __ts}, {@code __p}, {@code __o}: event time, then partition, then offset) with the incoming one and
 * replaces the entity's features only if the incoming event is newer. So an older event never overwrites a newer
 * one, a replayed event is a no-op, and out-of-order input and replays after a restart converge to the same state.
 * Null features are deleted; the TTL, if any, is refreshed on each applied write.
 *
 * <p>Writes are sent in pipelined chunks of {@value #CHUNK} on a connection of their own (one round trip per chunk,
 * not per key: about 60 µs a round trip here), and every reply is checked: a failure throws, naming the feature
 * set and the endpoint. Serializable, for Spark executors; each write leases its executor JVM's shared pool of the
 * endpoint. The script reads and writes only its one key, so on a Redis Cluster each call runs on the node owning
 * that key, and a chunk's calls are split by node.
 *
 * <pre>{@code
 * OnlineStoreWriter writer = OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(),
 *         new OnlineStoreLayout("freshet"), spec.name(), spec.featureColumns(), Duration.ZERO);
 * WriteResult result = writer.write(writes.iterator());
 * }</pre>
 */
public final class OnlineStoreWriter implements EntityWriter {

    private static final long serialVersionUID = 1L;

    /** Writes per pipelined round trip. */
    static final int CHUNK = 1000;

    // KEYS[1] entity hash; ARGV: ts, partition, offset, ttl seconds, n, then n field/value pairs, then null fields.
    static final String SCRIPT = """
            local cur = redis.call('HMGET', KEYS[1], '__ts', '__p', '__o')
            if cur[1] then
              local ts, p, o = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
              local cts, cp, co = tonumber(cur[1]), tonumber(cur[2]) or -1, tonumber(cur[3]) or -1
              if cts > ts or (cts == ts and (cp > p or (cp == p and co >= o))) then
                return 0
              end
            end
            local n = tonumber(ARGV[5])
            local set = {'__ts', ARGV[1], '__p', ARGV[2], '__o', ARGV[3]}
            for i = 6, 5 + 2 * n do
              set[#set + 1] = ARGV[i]
            end
            redis.call('HSET', KEYS[1], unpack(set))
            if #ARGV > 5 + 2 * n then
              local del = {}
              for i = 6 + 2 * n, #ARGV do
                del[#del + 1] = ARGV[i]
              end
              redis.call('HDEL', KEYS[1], unpack(del))
            end
            local ttl = tonumber(ARGV[4])
            if ttl > 0 then
              redis.call('EXPIRE', KEYS[1], ttl)
            end
            return 1
            """;

    private final RedisEndpoint endpoint;
    private final OnlineStoreLayout layout;
    private final String featureSet;
    private final List<ColumnSpec> featureColumns;
    private final long ttlSeconds;
    private transient String sha;

    private OnlineStoreWriter(RedisEndpoint endpoint, OnlineStoreLayout layout, String featureSet,
            List<ColumnSpec> featureColumns, Duration ttl) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.layout = requireNonNull(layout, "layout");
        this.featureSet = requireNonNull(featureSet, "featureSet");
        // An ArrayList, not List.copyOf: it travels to executors, and Kryo cannot rebuild JDK immutable lists.
        this.featureColumns = new ArrayList<>(featureColumns);
        this.ttlSeconds = ttl.isZero() ? 0 : Math.max(1, ttl.toSeconds());
    }

    /**
     * A writer of {@code featureSet}'s features.
     *
     * @param featureColumns the feature columns, in the order of {@link EntityWrite#featureValues()}
     * @param ttl            how long a key lives after its last applied write; zero for ever
     */
    public static OnlineStoreWriter forFeatureSet(RedisEndpoint endpoint, OnlineStoreLayout layout, String featureSet,
            List<ColumnSpec> featureColumns, Duration ttl) {
        return new OnlineStoreWriter(endpoint, layout, featureSet, featureColumns, ttl);
    }

    /** Writes everything {@code writes} yields; returns once Redis has acknowledged every write. */
    @Override
    public WriteResult write(Iterator<EntityWrite> writes) {
        try (ExecutorClients.Lease<RedisConnections> lease = RedisConnections.shared(endpoint)) {
            return write(lease.client(), writes);
        }
    }

    private WriteResult write(RedisConnections pool, Iterator<EntityWrite> writes) {
        RedisConnection connection = pool.borrow();
        boolean healthy = false;
        try {
            connection.setAutoFlushCommands(false);
            WriteResult total = new WriteResult(0, 0);
            List<EntityWrite> chunk = new ArrayList<>(CHUNK);
            while (writes.hasNext()) {
                chunk.add(writes.next());
                if (chunk.size() == CHUNK) {
                    total = total.plus(send(connection, chunk));
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                total = total.plus(send(connection, chunk));
            }
            healthy = true;
            return total;
        } finally {
            if (healthy) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    private WriteResult send(RedisConnection connection, List<EntityWrite> chunk) {
        try {
            return sendOnce(connection, chunk);
        } catch (RedisNoScriptException e) {
            // Redis lost its script cache (restart, SCRIPT FLUSH). Re-sending the chunk is safe: applied writes
            // are skipped as stale.
            sha = null;
            return sendOnce(connection, chunk);
        }
    }

    private WriteResult sendOnce(RedisConnection connection, List<EntityWrite> chunk) {
        RedisClusterAsyncCommands<String, byte[]> redis = connection.async();
        String script = scriptSha(connection);
        List<RedisFuture<Long>> replies = new ArrayList<>(chunk.size());
        for (EntityWrite w : chunk) {
            replies.add(redis.evalsha(script, ScriptOutputType.INTEGER,
                    new String[] {layout.key(featureSet, w.key())}, arguments(w)));
        }
        connection.flushCommands();
        long timeoutMillis = endpoint.commandTimeout().toMillis();
        if (!LettuceFutures.awaitAll(timeoutMillis, TimeUnit.MILLISECONDS, replies.toArray(new RedisFuture[0]))) {
            throw new FreshetException(featureSet, "Redis at " + endpoint.address() + " did not acknowledge "
                    + chunk.size() + " writes within " + endpoint.commandTimeout() + "; the batch fails and is"
                    + " replayed after a restart (writes are idempotent)", null);
        }
        long applied = 0;
        for (RedisFuture<Long> reply : replies) {
            try {
                applied += reply.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisNoScriptException noScript) {
                    throw noScript;
                }
                throw new FreshetException(featureSet, "Redis at " + endpoint.address() + " rejected a write: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FreshetException(featureSet, "interrupted while writing to Redis", e);
            }
        }
        return new WriteResult(applied, chunk.size() - applied);
    }

    private byte[][] arguments(EntityWrite w) {
        Object[] values = w.featureValues();
        if (values.length != featureColumns.size()) {
            throw new IllegalArgumentException("feature set \"" + featureSet + "\" has " + featureColumns.size()
                    + " features but a write has " + values.length + " values");
        }
        int nonNull = 0;
        for (Object v : values) {
            if (v != null) {
                nonNull++;
            }
        }
        byte[][] args = new byte[5 + 2 * nonNull + (values.length - nonNull)][];
        args[0] = utf8(Long.toString(w.eventTime()));
        args[1] = utf8(Integer.toString(w.partition()));
        args[2] = utf8(Long.toString(w.offset()));
        args[3] = utf8(Long.toString(ttlSeconds));
        args[4] = utf8(Integer.toString(nonNull));
        int set = 5;
        int del = 5 + 2 * nonNull;
        for (int i = 0; i < values.length; i++) {
            ColumnSpec column = featureColumns.get(i);
            if (values[i] != null) {
                args[set++] = utf8(column.name());
                args[set++] = utf8(FeatureValueCodec.encode(column.type(), values[i]));
            } else {
                args[del++] = utf8(column.name());
            }
        }
        return args;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String scriptSha(RedisConnection connection) {
        String s = sha;
        if (s == null) {
            try {
                RedisFuture<String> loaded = connection.async().scriptLoad(SCRIPT.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                connection.flushCommands();
                s = loaded.get(endpoint.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FreshetException(featureSet, "interrupted while loading the write script", e);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw RedisConnections.unreachable(endpoint, e);
            }
            sha = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return "OnlineStoreWriter[" + featureSet + " → " + endpoint + ", " + layout.prefix() + ", ttl " + ttlSeconds
                + "s]";
    }
}
