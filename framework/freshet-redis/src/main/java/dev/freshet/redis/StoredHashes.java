package dev.freshet.redis;

import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.core.window.TileRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one key's stored hash (field name to bytes, as {@code HGETALL} returns it) reads as a feature vector: the
 * decoding of row-level values ({@link FeatureValueCodec}) and the read-time merge of an aggregated set's tiles
 * ({@link WindowedFeatures}). {@link RedisOnlineFeatureClient} reads Redis's hashes with it; any other store that keeps
 * the same hashes (the test kit's in-process store) reads through it too, so that both answer alike.
 *
 * <pre>{@code
 * OnlineRead read = StoredHashes.read(spec, TiledAggregation.of(spec), key, hash, at);
 * }</pre>
 */
public final class StoredHashes {

    private StoredHashes() {}

    /**
     * What {@code hash}, the stored hash of {@code key} of {@code spec}, answers as of {@code time}.
     *
     * @param model the tile model of an aggregated {@code spec}; ignored (may be null) for a row-level one
     * @param hash  the stored fields; empty if the store holds nothing for the key
     * @param time  the instant of the read; for a row-level set, {@code null} reads the newest values whatever their
     *              event time (a live read)
     */
    public static OnlineRead read(FeatureSetSpec spec, TiledAggregation model, EntityKey key,
            Map<String, byte[]> hash, Instant time) {
        if (hash.isEmpty()) {
            return new OnlineRead.Absent();
        }
        return spec.aggregated() ? aggregates(spec, model, key, hash, java.util.Objects.requireNonNull(time, "time"))
                : latest(spec, key, hash, time);
    }

    /** The stored values, or unanswerable if they come from an event after {@code time} (null: a live read). */
    private static OnlineRead latest(FeatureSetSpec spec, EntityKey key, Map<String, byte[]> hash, Instant time) {
        Instant eventTime = eventTime(spec, key, hash);
        if (time != null && time.isBefore(eventTime)) {
            // Only the newest values are kept: what the key held at an earlier instant is gone.
            return new OnlineRead.Unanswerable(eventTime, eventTime);
        }
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        for (ColumnSpec c : spec.featureColumns()) {
            byte[] encoded = hash.get(c.name());
            Object value = encoded == null ? null
                    : FeatureValueCodec.decode(c.type(), text(encoded), spec.name(), c.name());
            features.put(c.name(), new FeatureValue(c.type(), value));
        }
        return new OnlineRead.Answered(new FeatureVector(spec.name(), key, eventTime, features));
    }

    private static OnlineRead aggregates(FeatureSetSpec spec, TiledAggregation model, EntityKey key,
            Map<String, byte[]> hash, Instant time) {
        byte[] format = hash.get(TileStoreWriter.FORMAT);
        if (format == null || !text(format).equals(model.fingerprint())) {
            throw new FreshetException(spec.name(), "the tiles of key " + key + " in the online store were written"
                    + " for another definition of the feature set (tile format " + (format == null ? "none"
                    : text(format)) + ", expected " + model.fingerprint() + "); its online job rewrites them once it"
                    + " runs the current definition from a fresh checkpoint", null);
        }
        Map<TileRef, long[]> tiles = new HashMap<>();
        int width = model.layout().width();
        for (Map.Entry<String, byte[]> e : hash.entrySet()) {
            model.plan().parseFieldName(e.getKey()).ifPresent(ref -> tiles.put(ref,
                    TileCodec.decode(e.getValue(), width)));
        }
        Instant eventTime = eventTime(spec, key, hash);
        long newest = eventTime.toEpochMilli();
        // The job pruned these tiles for this oldest read (TileFunction): a read needing older ones is refused.
        Optional<Object[]> read = WindowedFeatures.read(model.plan(), model.layout(), tiles::get, time.toEpochMilli(),
                model.oldestRead(newest));
        if (read.isEmpty()) {
            return new OnlineRead.Unanswerable(eventTime, Instant.ofEpochMilli(model.earliestAnswerable(newest)));
        }
        Object[] values = read.get();
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        List<ColumnSpec> columns = spec.featureColumns();
        for (int i = 0; i < columns.size(); i++) {
            features.put(columns.get(i).name(), new FeatureValue(columns.get(i).type(), values[i]));
        }
        return new OnlineRead.Answered(new FeatureVector(spec.name(), key, eventTime, features));
    }

    private static Instant eventTime(FeatureSetSpec spec, EntityKey key, Map<String, byte[]> hash) {
        byte[] eventTime = hash.get(OnlineStoreLayout.EVENT_TIME);
        if (eventTime == null) {
            throw new FreshetException(spec.name(), "the stored hash of key " + key + " has no "
                    + OnlineStoreLayout.EVENT_TIME + " field; is another program writing under Freshet's prefix?",
                    null);
        }
        return Instant.ofEpochMilli(Long.parseLong(text(eventTime)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code key} fits {@code spec}'s key: as many values as key columns, each of the column's type.
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    public static void checkKey(FeatureSetSpec spec, EntityKey key) {
        if (key.values().size() != spec.key().size()) {
            throw new IllegalArgumentException("feature set \"" + spec.name() + "\" is keyed by " + spec.key()
                    + ": give " + spec.key().size() + " key value(s), not " + key.values().size());
        }
        for (int i = 0; i < spec.key().size(); i++) {
            String column = spec.key().get(i);
            ValueType type = spec.column(column).orElseThrow().type();
            Object value = key.values().get(i);
            // Keys are of the types ValueType.usableAsKey() allows, which the processor enforces: text or whole numbers.
            boolean fits = type.usableAsKey() && (type.integral() ? value instanceof Integer || value instanceof Long
                    : value instanceof String);
            if (!fits) {
                throw new IllegalArgumentException("feature set \"" + spec.name() + "\": key column \"" + column
                        + "\" is " + type + ", but the key value " + value + " is a "
                        + value.getClass().getSimpleName());
            }
        }
    }
}
