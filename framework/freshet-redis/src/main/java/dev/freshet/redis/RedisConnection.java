package dev.freshet.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of a {@link RedisConnections} pool, to a standalone Redis or to a Redis Cluster, with the commands
 * both answer. On a cluster, Lettuce sends each command to the node that owns its key's hash slot (a pipeline of
 * commands on many keys is split by node and flushed together); the online store's writers, client and coordinator
 * only send commands and scripts on one key each, which any node layout can route.
 */
final class RedisConnection {

    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> async;
    private final RedisClusterCommands<String, byte[]> sync;

    private RedisConnection(StatefulConnection<String, byte[]> connection,
            RedisClusterAsyncCommands<String, byte[]> async, RedisClusterCommands<String, byte[]> sync) {
        this.connection = connection;
        this.async = async;
        this.sync = sync;
    }

    /** A connection to a standalone Redis. */
    static RedisConnection of(StatefulRedisConnection<String, byte[]> connection) {
        return new RedisConnection(connection, connection.async(), connection.sync());
    }

    /** A connection to a Redis Cluster; script loads and pings go to every node it needs. */
    static RedisConnection of(StatefulRedisClusterConnection<String, byte[]> connection) {
        return new RedisConnection(connection, connection.async(), connection.sync());
    }

    /** Asynchronous commands, routed by key on a cluster. */
    RedisClusterAsyncCommands<String, byte[]> async() {
        return async;
    }

    /** Synchronous commands, routed by key on a cluster. */
    RedisClusterCommands<String, byte[]> sync() {
        return sync;
    }

    /**
     * A {@code PING} of the standalone Redis, or of every primary node of the cluster: completes once all answered,
     * exceptionally if one did not.
     */
    CompletableFuture<Void> pingEveryNode() {
        if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
            return CompletableFuture.allOf(cluster.async().upstream().commands().ping().futures());
        }
        return async.ping().toCompletableFuture().thenAccept(pong -> { });
    }

    /** Turns automatic flushing off (to pipeline) or on. */
    void setAutoFlushCommands(boolean autoFlush) {
        connection.setAutoFlushCommands(autoFlush);
    }

    /** Sends the commands queued while automatic flushing was off. */
    void flushCommands() {
        connection.flushCommands();
    }

    /** Whether the connection is open. */
    boolean isOpen() {
        return connection.isOpen();
    }

    /** Closes the connection without waiting. */
    void closeAsync() {
        connection.closeAsync();
    }

    /** Closes the connection. */
    void close() {
        connection.close();
    }
}
