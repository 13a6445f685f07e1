package dev.freshet.redis;

import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A Lettuce client and its idle connections for one endpoint. Pipelined writers and batch reads need a connection of
 * their own (manual flushing changes a connection for everyone using it), so connections are borrowed and returned
 * rather than shared.
 *
 * <p>Two kinds of owner: an application-side component (the online client, the run coordinator) {@link #open opens}
 * a pool of its own and closes exactly that; the writers, which run in Spark tasks that come and go every
 * micro-batch, {@link #shared lease} the pool their JVM keeps per endpoint, which closes itself after a minute
 * without use. Nobody closes a pool someone else uses.
 *
 * <p>A {@linkplain RedisEndpoint#isCluster() cluster endpoint} gets Lettuce's {@link RedisClusterClient}, with the
 * same timeouts and TLS, its {@linkplain RedisEndpoint#maxRedirects() max redirects}, and a topology refresh whenever
 * a node redirects a command or keeps failing to reconnect (so that a resharding or a failover is followed).
 */
final class RedisConnections implements AutoCloseable {

    /** Keys and field names are text; values are bytes (type-tagged text or binary tiles). */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** The executor-side pools, keyed by endpoint: the only static state of this module. */
    private static final ExecutorClients<RedisEndpoint, RedisConnections> SHARED = new ExecutorClients<>("redis",
            RedisConnections::new, RedisConnections::close, Duration.ofMinutes(1));

    private final RedisEndpoint endpoint;
    private final AbstractRedisClient client;
    private final Supplier<RedisConnection> connect;
    private final ConcurrentLinkedDeque<RedisConnection> idle = new ConcurrentLinkedDeque<>();

    private RedisConnections(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        if (endpoint.isCluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(endpoint.toRedisUris());
            ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                    .maxRedirects(endpoint.maxRedirects())
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().build());
            common(options, endpoint);
            cluster.setOptions(options.build());
            this.client = cluster;
            this.connect = () -> RedisConnection.of(cluster.connect(CODEC));
        } else {
            RedisClient standalone = RedisClient.create(endpoint.toRedisUri());
            ClientOptions.Builder options = ClientOptions.builder();
            common(options, endpoint);
            standalone.setOptions(options.build());
            this.client = standalone;
            this.connect = () -> RedisConnection.of(standalone.connect(CODEC));
        }
    }

    /** The options of standalone and cluster clients alike: timeouts, failing fast, TLS. */
    private static void common(ClientOptions.Builder options, RedisEndpoint endpoint) {
        options.socketOptions(SocketOptions.builder().connectTimeout(endpoint.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(endpoint.commandTimeout()))
                // Fail fast instead of queueing commands while Redis is unreachable.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(false);
        if (endpoint.ssl()) {
            options.sslOptions(endpoint.tls().sslOptions());
        }
    }

    /**
     * A pool owned by the caller alone and closed by it with {@link #close()}: for long-lived owners in applications
     * (the online client, the run coordinator), which must never close the pool the writers of the JVM share.
     */
    static RedisConnections open(RedisEndpoint endpoint) {
        return new RedisConnections(endpoint);
    }

    /** A lease of this JVM's shared pool of {@code endpoint}, for a task's writes; close the lease after them. */
    static ExecutorClients.Lease<RedisConnections> shared(RedisEndpoint endpoint) {
        return SHARED.lease(endpoint);
    }

    /** An idle connection, or a new one; give it back with {@link #release} or {@link #discard}. */
    RedisConnection borrow() {
        RedisConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isOpen()) {
                return c;
            }
        }
        try {
            return connect.get();
        } catch (RedisException e) {
            throw unreachable(endpoint, e);
        }
    }

    /**
     * One {@code PING} on a connection of this pool (to every primary node, for a cluster), waiting at most
     * {@code timeout} for the answers.
     *
     * @return how long the answers took
     * @throws FreshetException if Redis (a node of the cluster) did not answer, or answered with an error
     */
    Duration ping(Duration timeout) {
        long start = System.nanoTime();
        RedisConnection connection = borrow();
        boolean healthy = false;
        try {
            connection.pingEveryNode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            healthy = true;
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (TimeoutException e) {
            throw new FreshetException(null, "Redis at " + endpoint.address() + " did not answer PING within "
                    + timeout, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(endpoint, e);
        } catch (ExecutionException | RedisException e) {
            throw unreachable(endpoint, e);
        } finally {
            if (healthy) {
                release(connection);
            } else {
                discard(connection);
            }
        }
    }

    /** Returns a healthy connection to the pool, with automatic flushing back on. */
    void release(RedisConnection connection) {
        connection.setAutoFlushCommands(true);
        if (connection.isOpen()) {
            idle.addFirst(connection);
        }
    }

    /** Closes a connection that failed. */
    void discard(RedisConnection connection) {
        connection.closeAsync();
    }

    /** The endpoint. */
    RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Closes the idle connections and the client; connections still borrowed close with it. */
    @Override
    public void close() {
        RedisConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
        client.shutdown();
    }

    /**
     * The failure to reach {@code endpoint}, saying what to check: the credentials when Redis refused them, the TLS
     * settings when the handshake failed, otherwise whether it runs where Freshet looks. Redis's replies and Lettuce's
     * messages name the address, never the password.
     */
    static FreshetException unreachable(RedisEndpoint endpoint, Throwable cause) {
        String where = "Redis at " + endpoint.address();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof RedisCommandExecutionException && (message.startsWith("WRONGPASS")
                    || message.startsWith("NOAUTH") || message.startsWith("NOPERM"))) {
                return new FreshetException(null, where + " refused Freshet's credentials (" + message + ")"
                        + (endpoint.username() != null ? " for user \"" + endpoint.username() + "\"" : "")
                        + "; check spring.data.redis.username and spring.data.redis.password (or the credentials in"
                        + " spring.data.redis.url)", cause);
            }
            if (t instanceof SSLException) {
                return new FreshetException(null, where + ": the TLS handshake failed (" + message + "); check that"
                        + " Redis serves TLS on that port, that its certificate names the host \"" + endpoint.host()
                        + "\", and that spring.data.redis.ssl.bundle trusts the CA that signed it", cause);
            }
        }
        return new FreshetException(null, where + " did not answer: " + cause.getMessage()
                + "; is it running? (" + endpoint.whereConfigured() + " configure where Freshet looks)", cause);
    }
}
