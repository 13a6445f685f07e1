package dev.freshet.test;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.key.EntityKeys;
import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.store.TileWriter;
import dev.freshet.core.store.WriteResult;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.FeatureValueCodec;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.TileStoreWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An online store in this JVM's memory, standing in for Redis in a {@link FeatureSetTestDriver}: it keeps each key's
 * hash with the fields and encodings the Redis writers write ({@code __ts}, {@code __p}, {@code __o} and
 * {@link FeatureValueCodec} values for row-level sets; tile fields, {@code __ts} and {@code __v} for aggregated ones),
 * so that reads decode it with the Redis client's own code ({@link dev.freshet.redis.StoredHashes}).
 *
 * <p>The rules Redis applies in its Lua script are implemented here in Java: a row write replaces a key's features
 * only if its event is newer (event time, then partition, then offset), and deletes the fields of null features; a
 * tile write sets the changed tiles, the newest event time and the format, and deletes the pruned tiles. TTLs are not
 * applied: a key never expires. Serializable for Spark tasks, which find the driver's state by its id (local mode
 * only).
 *
 * @param driverId the id of the driver whose state this store writes
 */
public record InProcessOnlineStore(String driverId) implements OnlineStore {

    private static final long serialVersionUID = 1L;

    /** Checks the id. */
    public InProcessOnlineStore {
        requireNonNull(driverId, "driverId");
    }

    @Override
    public EntityWriter entityWriter(FeatureSetSpec spec, Duration ttl) {
        return new RowWriter(driverId, spec.name(), new ArrayList<>(spec.featureColumns()));
    }

    @Override
    public TileWriter tileWriter(FeatureSetSpec spec, TiledAggregation model, Duration ttl) {
        return new TilesWriter(driverId, spec.name(), model.fingerprint());
    }

    @Override
    public void check(Duration timeout) {
        if (!DriverState.registered(driverId)) {
            throw new FreshetException(null, "the in-process online store of test driver " + driverId
                    + " is closed", null);
        }
    }

    @Override
    public String describe(String featureSet) {
        return "the in-process store of test driver " + driverId + " (" + featureSet + ")";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long number(byte[] field, long absent) {
        return field == null ? absent : Long.parseLong(new String(field, StandardCharsets.UTF_8));
    }

    /** What {@code OnlineStoreWriter}'s script does, per key, in Java. */
    private record RowWriter(String driverId, String featureSet, ArrayList<ColumnSpec> columns)
            implements EntityWriter {

        private static final long serialVersionUID = 1L;

        @Override
        public WriteResult write(Iterator<EntityWrite> writes) {
            Map<String, Map<String, byte[]>> hashes = DriverState.of(driverId).hashes(featureSet);
            long applied = 0;
            long stale = 0;
            while (writes.hasNext()) {
                EntityWrite w = writes.next();
                boolean[] wrote = new boolean[1];
                hashes.compute(EntityKeys.encode(w.key()), (k, current) -> {
                    if (current != null && !newer(w, current)) {
                        return current;
                    }
                    Map<String, byte[]> hash = current == null ? new HashMap<>() : new HashMap<>(current);
                    hash.put(OnlineStoreLayout.EVENT_TIME, utf8(Long.toString(w.eventTime())));
                    hash.put(OnlineStoreLayout.PARTITION, utf8(Integer.toString(w.partition())));
                    hash.put(OnlineStoreLayout.OFFSET, utf8(Long.toString(w.offset())));
                    Object[] values = w.featureValues();
                    for (int i = 0; i < values.length; i++) {
                        ColumnSpec column = columns.get(i);
                        if (values[i] == null) {
                            hash.remove(column.name());
                        } else {
                            hash.put(column.name(), utf8(FeatureValueCodec.encode(column.type(), values[i])));
                        }
                    }
                    wrote[0] = true;
                    return hash;
                });
                if (wrote[0]) {
                    applied++;
                } else {
                    stale++;
                }
            }
            return new WriteResult(applied, stale);
        }

        private static boolean newer(EntityWrite w, Map<String, byte[]> current) {
            long ts = number(current.get(OnlineStoreLayout.EVENT_TIME), Long.MIN_VALUE);
            long p = number(current.get(OnlineStoreLayout.PARTITION), -1);
            long o = number(current.get(OnlineStoreLayout.OFFSET), -1);
            return !(ts > w.eventTime() || (ts == w.eventTime() && (p > w.partition()
                    || (p == w.partition() && o >= w.offset()))));
        }
    }

    /** What {@code TileStoreWriter}'s HSET and HDEL do, per key, in Java. */
    private record TilesWriter(String driverId, String featureSet, String fingerprint) implements TileWriter {

        private static final long serialVersionUID = 1L;

        @Override
        public long write(Iterator<TileWrite> writes) {
            Map<String, Map<String, byte[]>> hashes = DriverState.of(driverId).hashes(featureSet);
            long keys = 0;
            while (writes.hasNext()) {
                TileWrite w = writes.next();
                hashes.compute(EntityKeys.encode(w.key()), (k, current) -> {
                    Map<String, byte[]> hash = current == null ? new HashMap<>() : new HashMap<>(current);
                    hash.putAll(w.tiles());
                    hash.put(OnlineStoreLayout.EVENT_TIME, utf8(Long.toString(w.newestEventTime())));
                    hash.put(TileStoreWriter.FORMAT, utf8(fingerprint));
                    List<String> removed = w.removed();
                    removed.forEach(hash::remove);
                    return hash;
                });
                keys++;
            }
            return keys;
        }
    }
}
