package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.core.window.TileRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes tiles into Redis the way the online job does (this module may not depend on the Spark engine): per
 * micro-batch, offers each key's events to its {@link KeyTiles}, prunes them for
 * {@link TiledAggregation#oldestRead} of the key's newest event, and writes the changed tiles, the pruned ones and
 * the newest event time with {@link TileStoreWriter}. Keeps each key's tiles also unpruned, as the oracle of reads.
 */
final class TileJob {

    /**
     * One event.
     *
     * @param key    the user
     * @param millis event time
     * @param amount the amount, or null
     */
    record Event(String key, long millis, Double amount) {}

    private final TiledAggregation model;
    private final TileStoreWriter writer;
    private final Map<String, KeyTiles> stored = new LinkedHashMap<>();
    private final Map<String, KeyTiles> unpruned = new LinkedHashMap<>();

    TileJob(FeatureSetSpec spec, OnlineStoreLayout layout) {
        this.model = TiledAggregation.of(spec);
        this.writer = TileStoreWriter.forFeatureSet(RedisEndpoint.localhost(), layout, spec.name(),
                model.fingerprint(), Duration.ZERO);
    }

    TiledAggregation model() {
        return model;
    }

    /** One micro-batch of {@code events}, in delivery order. */
    void batch(List<Event> events) {
        Set<String> touched = new LinkedHashSet<>();
        for (Event e : events) {
            Object[] inputs = new Object[model.layout().inputColumns().size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = model.layout().inputColumns().get(i).equals("amount") ? e.amount() : null;
            }
            for (Map<String, KeyTiles> tiles : List.of(stored, unpruned)) {
                KeyTiles key = tiles.computeIfAbsent(e.key(), k -> KeyTiles.empty(model.plan(), model.layout()));
                assertThat(key.offer(0, e.millis(), e.millis(), inputs, model.policy())).as("%s", e)
                        .isEqualTo(EventTimePolicy.Decision.ACCEPT);
            }
            touched.add(e.key());
        }
        List<TileWrite> writes = new ArrayList<>();
        for (String key : touched) {
            KeyTiles tiles = stored.get(key);
            tiles.prune(model.oldestRead(tiles.newest()));
            Map<String, byte[]> changed = new LinkedHashMap<>();
            for (Map.Entry<TileRef, long[]> t : tiles.changedTiles().entrySet()) {
                changed.put(model.plan().fieldName(t.getKey()), TileCodec.encode(t.getValue()));
            }
            List<String> removed = tiles.removedTiles().stream().map(model.plan()::fieldName).sorted().toList();
            writes.add(new TileWrite(List.of(key), tiles.newest(), changed, removed));
            tiles.clearChanges();
        }
        writer.write(writes.iterator());
    }

    /** The newest event time of {@code key}. */
    long newest(String key) {
        return stored.get(key).newest();
    }

    /** The field names of the tiles the job keeps for {@code key}. */
    Set<String> keptFields(String key) {
        Set<String> fields = new LinkedHashSet<>();
        stored.get(key).tiles().keySet().forEach(ref -> fields.add(model.plan().fieldName(ref)));
        return fields;
    }

    /** What a read of {@code key} at {@code millis} gives from the unpruned tiles, in feature order. */
    Object[] oracle(String key, long millis) {
        return WindowedFeatures.read(model.plan(), model.layout(), unpruned.get(key)::tile, millis);
    }
}
