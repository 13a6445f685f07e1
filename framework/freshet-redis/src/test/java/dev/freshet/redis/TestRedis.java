package dev.freshet.redis;

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
 * The real Redis at 127.0.0.1:6379 under a key prefix of one test's own; {@link #close()} deletes the prefix (never
 * FLUSHDB) and this JVM's pooled writer connections.
 */
final class TestRedis implements AutoCloseable {

    final OnlineStoreLayout layout;
    private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    private final StatefulRedisConnection<String, String> connection = client.connect();

    TestRedis() {
        layout = new OnlineStoreLayout("freshet-redis-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** The hash of one entity of {@code featureSet}, sorted by field. */
    Map<String, String> hash(String featureSet, Object... key) {
        return new TreeMap<>(commands().hgetall(layout.key(featureSet, List.of(key))));
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands().scan(cursor,
                    ScanArgs.Builder.matches(layout.prefix() + ":*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        try {
            List<String> keys = keys();
            if (!keys.isEmpty()) {
                commands().del(keys.toArray(String[]::new));
            }
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
