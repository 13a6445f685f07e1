package dev.freshet.core.tile;

import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.TileRef;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything Freshet keeps for one key of an aggregated feature set: its watermark per Kafka partition (the newest
 * accepted event time), its newest event time, and its tiles — one partial aggregate per kept tile of each level of
 * the {@link TilePlan}. Events are {@link #offer offered} in offset order per partition; each accepted event updates
 * one tile per level. {@link #prune()} drops tiles no read can need any more, so the state of a key stays bounded;
 * the watermarks (a few bytes) are kept for as long as the key is, so that lateness is decided the same way however
 * long a key was idle.
 *
 * <p>Changes since the last {@link #clearChanges()} are tracked, so that a job writes only changed tiles. Not
 * thread-safe: one instance per key and task.
 */
public final class KeyTiles {

    /** Version 2 adds {@link #lastWritten()}; version 1 states (without it) still decode. */
    private static final int VERSION = 2;

    private final TilePlan plan;
    private final PartialLayout layout;
    private final Map<Integer, Long> watermarks = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private long lastWritten = Long.MIN_VALUE;
    private final List<Map<Long, long[]>> levels = new ArrayList<>();
    private final Set<TileRef> changed = new LinkedHashSet<>();
    private final Set<TileRef> removed = new LinkedHashSet<>();

    private KeyTiles(TilePlan plan, PartialLayout layout) {
        this.plan = plan;
        this.layout = layout;
        for (int l = 0; l < plan.levels(); l++) {
            levels.add(new HashMap<>());
        }
    }

    /** The state of a key never seen. */
    public static KeyTiles empty(TilePlan plan, PartialLayout layout) {
        return new KeyTiles(plan, layout);
    }

    /**
     * Offers one event: decides on it with {@code policy} and, if accepted, aggregates {@code inputs} (the values of
     * the layout's input columns) into one tile per level.
     */
    public EventTimePolicy.Decision offer(int partition, long eventMillis, long kafkaMillis, Object[] inputs,
            EventTimePolicy policy) {
        long watermark = watermarks.getOrDefault(partition, Long.MIN_VALUE);
        EventTimePolicy.Decision decision = policy.decide(eventMillis, kafkaMillis, watermark);
        if (decision == EventTimePolicy.Decision.ACCEPT) {
            watermarks.put(partition, Math.max(watermark, eventMillis));
            newest = Math.max(newest, eventMillis);
            for (int l = 0; l < levels.size(); l++) {
                long index = plan.tileIndex(l, eventMillis);
                long[] tile = levels.get(l).computeIfAbsent(index, i -> layout.identity());
                layout.update(tile, inputs);
                TileRef ref = new TileRef(l, index);
                changed.add(ref);
                removed.remove(ref);
            }
        }
        return decision;
    }

    /** Drops the tiles that no read at or after the newest event can need. */
    public void prune() {
        prune(newest);
    }

    /**
     * Drops the tiles that no read at or after {@code oldestRead} can need. Jobs pass
     * {@link TiledAggregation#oldestRead} of the newest event time (that time minus the maximum event-time skew): an
     * accepted event may lie that far ahead of the wall clock, and reads "now" must still find the tiles before it.
     * Which older reads the kept tiles still answer is {@link TilePlan#answers}.
     */
    public void prune(long oldestRead) {
        for (int l = 0; l < levels.size(); l++) {
            Iterator<Map.Entry<Long, long[]>> it = levels.get(l).entrySet().iterator();
            while (it.hasNext()) {
                TileRef ref = new TileRef(l, it.next().getKey());
                if (!plan.keep(ref, oldestRead)) {
                    it.remove();
                    changed.remove(ref);
                    removed.add(ref);
                }
            }
        }
    }

    /** The tile {@code ref}, or null if there is none. */
    public long[] tile(TileRef ref) {
        return levels.get(ref.level()).get(ref.index());
    }

    /** Every tile, by reference. */
    public Map<TileRef, long[]> tiles() {
        Map<TileRef, long[]> all = new LinkedHashMap<>();
        for (int l = 0; l < levels.size(); l++) {
            for (Map.Entry<Long, long[]> e : levels.get(l).entrySet()) {
                all.put(new TileRef(l, e.getKey()), e.getValue());
            }
        }
        return all;
    }

    /** Tiles changed since the last {@link #clearChanges()}, with their current values. */
    public Map<TileRef, long[]> changedTiles() {
        Map<TileRef, long[]> out = new LinkedHashMap<>();
        for (TileRef ref : changed) {
            out.put(ref, tile(ref));
        }
        return out;
    }

    /** Tiles pruned since the last {@link #clearChanges()}. */
    public Set<TileRef> removedTiles() {
        return Set.copyOf(removed);
    }

    /** Forgets the tracked changes. */
    public void clearChanges() {
        changed.clear();
        removed.clear();
    }

    /** The newest accepted event time, or {@code Long.MIN_VALUE}. */
    public long newest() {
        return newest;
    }

    /**
     * When the key's tiles were last written to the online store, as the (batch) processing time the job recorded with
     * {@link #written}, or {@code Long.MIN_VALUE} if never (or not recorded: states of version 1).
     */
    public long lastWritten() {
        return lastWritten;
    }

    /** Records that the key's tiles were written to the online store at processing time {@code millis}. */
    public void written(long millis) {
        lastWritten = millis;
    }

    /** The watermark of partition {@code partition}, or {@code Long.MIN_VALUE}. */
    public long watermark(int partition) {
        return watermarks.getOrDefault(partition, Long.MIN_VALUE);
    }

    /** Number of tiles held. */
    public int tileCount() {
        return levels.stream().mapToInt(Map::size).sum();
    }

    /** The state as bytes, for a state store. */
    public byte[] encode() {
        int width = layout.width();
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 4 + watermarks.size() * 12 + 4
                + levels.size() * 12 + tileCount() * (8 + width * 8));
        b.putInt(VERSION).putLong(newest).putLong(lastWritten).putInt(watermarks.size());
        watermarks.forEach((p, w) -> b.putInt(p).putLong(w));
        b.putInt(levels.size());
        for (int l = 0; l < levels.size(); l++) {
            b.putLong(plan.size(l)).putInt(levels.get(l).size());
            for (Map.Entry<Long, long[]> e : levels.get(l).entrySet()) {
                b.putLong(e.getKey());
                for (long slot : e.getValue()) {
                    b.putLong(slot);
                }
            }
        }
        return b.array();
    }

    /**
     * A state written by {@link #encode()} for the same plan and layout.
     *
     * @throws IllegalStateException if it was written for other tile sizes or aggregations
     */
    public static KeyTiles decode(byte[] state, TilePlan plan, PartialLayout layout) {
        try {
            return read(ByteBuffer.wrap(state), plan, layout);
        } catch (BufferUnderflowException e) {
            // Read with a wider layout than it was written with (or cut short), a state runs out of bytes.
            throw incompatible();
        }
    }

    private static KeyTiles read(ByteBuffer b, TilePlan plan, PartialLayout layout) {
        int version = b.getInt();
        if (version != 1 && version != VERSION) {
            throw new IllegalStateException("tile state version " + version + " is not 1 or " + VERSION);
        }
        KeyTiles tiles = new KeyTiles(plan, layout);
        tiles.newest = b.getLong();
        if (version >= 2) {
            tiles.lastWritten = b.getLong();
        }
        int marks = b.getInt();
        for (int i = 0; i < marks; i++) {
            tiles.watermarks.put(b.getInt(), b.getLong());
        }
        int levelCount = b.getInt();
        if (levelCount != plan.levels()) {
            throw incompatible();
        }
        int width = layout.width();
        for (int l = 0; l < levelCount; l++) {
            if (b.getLong() != plan.size(l)) {
                throw incompatible();
            }
            int count = b.getInt();
            Map<Long, long[]> level = new HashMap<>(Math.max(16, count * 2)); // room to grow without rehashing
            tiles.levels.set(l, level);
            for (int i = 0; i < count; i++) {
                long index = b.getLong();
                long[] partial = new long[width];
                for (int s = 0; s < width; s++) {
                    partial[s] = b.getLong();
                }
                level.put(index, partial);
            }
        }
        if (b.hasRemaining()) {
            throw incompatible();
        }
        return tiles;
    }

    private static IllegalStateException incompatible() {
        return new IllegalStateException("the stored tile state was written for other tile sizes or aggregations;"
                + " a changed definition needs a new checkpoint");
    }
}
