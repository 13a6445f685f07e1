package dev.freshet.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of a {@link RedisConnections} pool, to a standalone Redis or to a Redis Cluster, with the commands
 * both answer. On a cluster, Lettuce sends each command to the node that owns its key's hash slot (the commands of
 * one call on many keys are split by node and sent without waiting for each other's replies); the online store's
 * writers, client and coordinator only send commands and scripts on one key each, which any node layout can route.
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

    /**
     * Turns automatic flushing off (to pipeline) or on, on a standalone Redis. On a cluster commands are always sent as
     * they are issued: a node connection that Lettuce opens while commands are held may never send them when they are
     * flushed (lettuce#2420), and a batched read waited out its timeout so. Asynchronous commands still go out without
     * waiting for each other's replies, so the commands of one call travel as a pipeline either way.
     */
    void setAutoFlushCommands(boolean autoFlush) {
        if (!clustered()) {
            connection.setAutoFlushCommands(autoFlush);
        }
    }

    /** Sends the commands queued while automatic flushing was off (on a cluster, none are). */
    void flushCommands() {
        if (!clustered()) {
            connection.flushCommands();
        }
    }

    private boolean clustered() {
        return connection instanceof StatefulRedisClusterConnection;
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
