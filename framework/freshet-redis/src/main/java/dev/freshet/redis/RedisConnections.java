package dev.freshet.redis;

import dev.freshet.core.error.FreshetException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Lettuce clients and idle connections, one pool per endpoint and JVM. Pipelined writers and batch reads need a
 * connection of their own (manual flushing changes a connection for everyone using it), so connections are borrowed
 * and returned rather than shared. On Spark executors the pool lives as long as the executor JVM; {@link #closeAll()}
 * releases everything (tests, shutdown).
 */
final class RedisConnections {

    /** Keys and field names are text; values are bytes (type-tagged text or binary tiles). */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final Map<RedisEndpoint, RedisConnections> POOLS = new ConcurrentHashMap<>();

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final ConcurrentLinkedDeque<StatefulRedisConnection<String, byte[]>> idle = new ConcurrentLinkedDeque<>();

    private RedisConnections(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        this.client = RedisClient.create(endpoint.toRedisUri());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(endpoint.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(endpoint.commandTimeout()))
                // Fail fast instead of queueing commands while Redis is unreachable.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(false)
                .build());
    }

    /** The pool of {@code endpoint}. */
    static RedisConnections of(RedisEndpoint endpoint) {
        return POOLS.computeIfAbsent(endpoint, RedisConnections::new);
    }

    /**
     * A new instance for {@code endpoint}, owned by the caller alone and closed by it with {@link #close()}: for
     * long-lived owners in applications (the online client, the run coordinator), which must never close the pool
     * that writers on the same JVM share.
     */
    static RedisConnections open(RedisEndpoint endpoint) {
        return new RedisConnections(endpoint);
    }

    /** An idle connection, or a new one; give it back with {@link #release} or {@link #discard}. */
    StatefulRedisConnection<String, byte[]> borrow() {
        StatefulRedisConnection<String, byte[]> c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isOpen()) {
                return c;
            }
        }
        try {
            return client.connect(CODEC);
        } catch (RedisException e) {
            throw unreachable(endpoint, e);
        }
    }

    /** Returns a healthy connection to the pool, with automatic flushing back on. */
    void release(StatefulRedisConnection<String, byte[]> connection) {
        connection.setAutoFlushCommands(true);
        if (connection.isOpen()) {
            idle.addFirst(connection);
        }
    }

    /** Closes a connection that failed. */
    void discard(StatefulRedisConnection<String, byte[]> connection) {
        connection.closeAsync();
    }

    /** The endpoint. */
    RedisEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Closes the connections and the client of an instance from {@link #open}. A pooled instance ({@link #of}) is
     * shared and refuses: only {@link #closeAll()} closes those.
     */
    void close() {
        if (POOLS.get(endpoint) == this) {
            throw new IllegalStateException("the shared Redis pool of " + endpoint.address() + " is closed by"
                    + " closeAll() only: its other users would lose their connections");
        }
        StatefulRedisConnection<String, byte[]> c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
        client.shutdown();
    }

    /** Closes every pool of this JVM. */
    static void closeAll() {
        for (RedisConnections pool : POOLS.values()) {
            StatefulRedisConnection<String, byte[]> c;
            while ((c = pool.idle.pollFirst()) != null) {
                c.close();
            }
            pool.client.shutdown();
        }
        POOLS.clear();
    }

    static FreshetException unreachable(RedisEndpoint endpoint, Throwable cause) {
        return new FreshetException(null, "Redis at " + endpoint.address() + " did not answer: " + cause.getMessage()
                + "; is it running? (spring.data.redis.host/port configure where Freshet looks)", cause);
    }
}
