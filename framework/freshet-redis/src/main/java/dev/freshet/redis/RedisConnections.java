package dev.freshet.redis;

import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 */
final class RedisConnections implements AutoCloseable {

    /** Keys and field names are text; values are bytes (type-tagged text or binary tiles). */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** The executor-side pools, keyed by endpoint: the only static state of this module. */
    private static final ExecutorClients<RedisEndpoint, RedisConnections> SHARED = new ExecutorClients<>("redis",
            RedisConnections::new, RedisConnections::close, Duration.ofMinutes(1));

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final ConcurrentLinkedDeque<StatefulRedisConnection<String, byte[]>> idle = new ConcurrentLinkedDeque<>();

    private RedisConnections(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(endpoint.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(endpoint.commandTimeout()))
                // Fail fast instead of queueing commands while Redis is unreachable.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(false);
        if (endpoint.ssl()) {
            options.sslOptions(endpoint.tls().sslOptions());
        }
        this.client = RedisClient.create(endpoint.toRedisUri());
        client.setOptions(options.build());
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

    /**
     * One {@code PING} on a connection of this pool, waiting at most {@code timeout} for the answer.
     *
     * @return how long the answer took
     * @throws FreshetException if Redis did not answer, or answered with an error
     */
    Duration ping(Duration timeout) {
        long start = System.nanoTime();
        StatefulRedisConnection<String, byte[]> connection = borrow();
        boolean healthy = false;
        try {
            RedisFuture<String> reply = connection.async().ping();
            if (!LettuceFutures.awaitAll(timeout.toMillis(), TimeUnit.MILLISECONDS, reply)) {
                throw new FreshetException(null, "Redis at " + endpoint.address() + " did not answer PING within "
                        + timeout, null);
            }
            reply.get();
            healthy = true;
            return Duration.ofNanos(System.nanoTime() - start);
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

    /** Closes the idle connections and the client; connections still borrowed close with it. */
    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> c;
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
                + "; is it running? (spring.data.redis.host/port configure where Freshet looks)", cause);
    }
}
