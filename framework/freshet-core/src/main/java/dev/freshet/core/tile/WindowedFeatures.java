package dev.freshet.core.tile;

import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.TileRef;
import java.util.List;
import java.util.Optional;

/**
 * Reads aggregate features from tiles: for each window, merges the tiles {@link TilePlan#cover} names for the read
 * time, then finishes each aggregation. The online client, the offline retrieval and the tests all read this way.
 * Feature order is aggregation-major: every window of the first aggregation, then of the second, and so on.
 */
public final class WindowedFeatures {

    /** Where tiles come from: a state, a Redis hash, a table row. */
    @FunctionalInterface
    public interface Tiles {
        /** The partial aggregate of {@code ref}, or null if there is none (no events in it). */
        long[] tile(TileRef ref);
    }

    private WindowedFeatures() {}

    /** The feature values at time {@code readMillis}: {@code aggregations × windows}, aggregation-major. */
    public static Object[] read(TilePlan plan, PartialLayout layout, Tiles tiles, long readMillis) {
        return merge(plan, layout, tiles, readMillis, Long.MIN_VALUE, false);
    }

    /**
     * The feature values at time {@code readMillis} from tiles pruned for oldest read {@code oldestRead} (as
     * {@link KeyTiles#prune(long)} prunes), or empty if that pruning may have removed a tile the read needs
     * ({@link TilePlan#answers} does not hold): merged without it, the values would be partial, such as a smaller
     * count. Present values are exactly those of {@link #read(TilePlan, PartialLayout, Tiles, long)}.
     */
    public static Optional<Object[]> read(TilePlan plan, PartialLayout layout, Tiles tiles, long readMillis,
            long oldestRead) {
        return Optional.ofNullable(merge(plan, layout, tiles, readMillis, oldestRead, true));
    }

    /** The values, or null if {@code checked} and a cover holds a tile not kept for {@code oldestRead}. */
    private static Object[] merge(TilePlan plan, PartialLayout layout, Tiles tiles, long readMillis, long oldestRead,
            boolean checked) {
        int windows = plan.windows();
        int aggregations = layout.aggregations().size();
        Object[] values = new Object[aggregations * windows];
        for (int w = 0; w < windows; w++) {
            List<TileRef> cover = plan.cover(w, readMillis);
            if (checked && !plan.keepsAll(cover, oldestRead)) {
                return null;
            }
            long[] merged = layout.identity();
            for (TileRef ref : cover) {
                long[] tile = tiles.tile(ref);
                if (tile != null) {
                    layout.merge(merged, tile);
                }
            }
            for (int a = 0; a < aggregations; a++) {
                values[a * windows + w] = layout.finish(a, merged);
            }
        }
        return values;
    }

    /** How many tiles a read merges at most over all windows at {@code readMillis} (for benchmarks and docs). */
    public static int tilesMerged(TilePlan plan, long readMillis) {
        int n = 0;
        for (int w = 0; w < plan.windows(); w++) {
            n += plan.cover(w, readMillis).size();
        }
        return n;
    }
}
