package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Coordinates scheduled runs across the instances of an application, in Redis: a lease per run name, so that a job
 * never runs twice at once, and the time of each job's last completed run, so that a restarted instance knows whether
 * it missed a tick.
 *
 * <p>Keys: {@code <prefix>:__runs:<name>:lease} (a string holding the owner, with a TTL) and
 * {@code <prefix>:__runs:<name>:completed} (epoch milliseconds). The lease is taken with {@code SET NX PX}, renewed and
 * released only by its owner (compare-and-set scripts), and expires by itself if its owner dies. A run that outlives
 * its lease must renew it; the scheduler does so every third of the TTL. Every command and script names one key, so
 * on a Redis Cluster each runs on the node owning it.
 *
 * <p>The coordinator opens connections of its own; {@link #close()} closes exactly those (never the pool the writers
 * of the same JVM share). Thread-safe.
 */
public final class RunCoordinator implements AutoCloseable {

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisConnections pool;
    private final String prefix;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunCoordinator(RedisConnections pool, String prefix) {
        this.pool = pool;
        this.prefix = requireNonNull(prefix, "prefix");
    }

    /** A coordinator on {@code endpoint}, with keys under {@code layout}'s prefix. */
    public static RunCoordinator create(RedisEndpoint endpoint, OnlineStoreLayout layout) {
        String prefix = layout.prefix(); // before opening: a missing layout must not leave an opened client behind
        return new RunCoordinator(RedisConnections.open(endpoint), prefix);
    }

    /** Closes the connections this coordinator opened. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
        }
    }

    /** Takes the lease of {@code name} for {@code ttl} if nobody holds it; returns whether it did. */
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        return call(redis -> "OK".equals(redis.set(lease(name), bytes(owner),
                SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    /** Extends the lease of {@code name} if {@code owner} still holds it; returns whether it did. */
    public boolean renew(String name, String owner, Duration ttl) {
        Long renewed = call(redis -> redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {lease(name)},
                bytes(owner), bytes(Long.toString(ttl.toMillis()))));
        return renewed != null && renewed == 1;
    }

    /** Gives the lease of {@code name} up if {@code owner} holds it. */
    public void release(String name, String owner) {
        call(redis -> redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lease(name)}, bytes(owner)));
    }

    /** Who holds the lease of {@code name}, if anyone. */
    public Optional<String> holder(String name) {
        byte[] owner = call(redis -> redis.get(lease(name)));
        return Optional.ofNullable(owner).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Records that a run of {@code name} completed at {@code at}. */
    public void recordCompleted(String name, Instant at) {
        call(redis -> redis.set(completed(name), bytes(Long.toString(at.toEpochMilli()))));
    }

    /** When the last run of {@code name} completed, if one ever did. */
    public Optional<Instant> lastCompleted(String name) {
        byte[] at = call(redis -> redis.get(completed(name)));
        return Optional.ofNullable(at).map(b -> Instant.ofEpochMilli(Long.parseLong(new String(b,
                StandardCharsets.UTF_8))));
    }

    private String lease(String name) {
        return prefix + ":__runs:" + name + ":lease";
    }

    private String completed(String name) {
        return prefix + ":__runs:" + name + ":completed";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T call(Function<RedisClusterCommands<String, byte[]>, T> command) {
        if (closed.get()) {
            throw new IllegalStateException("this RunCoordinator is closed; create another to coordinate runs");
        }
        RedisConnection connection = pool.borrow();
        boolean healthy = false;
        try {
            T result = command.apply(connection.sync());
            healthy = true;
            return result;
        } catch (RedisException e) {
            throw new FreshetException(null, "Redis at " + pool.endpoint().address() + " failed while coordinating"
                    + " scheduled runs: " + e.getMessage(), e);
        } finally {
            if (healthy) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }
}
