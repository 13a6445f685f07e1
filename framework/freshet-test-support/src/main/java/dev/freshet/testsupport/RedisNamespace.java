package dev.freshet.testsupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A unique key prefix on the real Redis at 127.0.0.1:6379, for one test: everything the test writes goes under
 * {@link #prefix()}, and {@link #close()} deletes it (never FLUSHDB: other tests and programs share the server).
 *
 * <pre>{@code
 * try (RedisNamespace redis = RedisNamespace.create()) {
 *     ... write with key prefix redis.prefix() ...
 *     assertThat(redis.hash(redis.prefix() + ":user-transactions:u1")).containsEntry("amount", "d:12.5");
 * }
 * }</pre>
 */
public final class RedisNamespace implements AutoCloseable {

    /** Host of the test Redis. */
    public static final String HOST = "127.0.0.1";
    /** Port of the test Redis. */
    public static final int PORT = 6379;

    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisNamespace(String prefix) {
        this.prefix = prefix;
        this.client = RedisClient.create("redis://" + HOST + ":" + PORT);
        this.connection = client.connect();
    }

    /** A fresh namespace {@code freshet-test-<random>}. */
    public static RedisNamespace create() {
        return new RedisNamespace("freshet-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The key prefix (without a trailing colon). */
    public String prefix() {
        return prefix;
    }

    /** Synchronous commands on a connection of the namespace. */
    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** All keys under the prefix, sorted. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        keys.sort(null);
        return keys;
    }

    /** The fields of hash {@code key}, sorted by field; empty if there is no such key. */
    public Map<String, String> hash(String key) {
        return new TreeMap<>(connection.sync().hgetall(key));
    }

    /** Deletes every key under the prefix and closes the connection. */
    @Override
    public void close() {
        try {
            List<String> keys = keys();
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
