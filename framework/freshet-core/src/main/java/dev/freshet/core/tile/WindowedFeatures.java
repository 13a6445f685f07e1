package dev.freshet.core.tile;

import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.TileRef;

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
        int windows = plan.windows();
        int aggregations = layout.aggregations().size();
        Object[] values = new Object[aggregations * windows];
        for (int w = 0; w < windows; w++) {
            long[] merged = layout.identity();
            for (TileRef ref : plan.cover(w, readMillis)) {
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
