package dev.freshet.core.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The changes of one key's tiles in one micro-batch: absolute values of the tiles that changed, and the tiles pruned.
 * Writing the same {@code TileWrite} twice leaves Redis as writing it once, so a replayed batch is harmless.
 *
 * @param key             key values in key-column order
 * @param newestEventTime the key's newest event time, epoch milliseconds
 * @param tiles           changed tiles by field name ({@code <size s>:<index>}), encoded partial aggregates
 * @param removed         field names of pruned tiles
 */
public record TileWrite(List<Object> key, long newestEventTime, Map<String, byte[]> tiles, List<String> removed) {

    /** Checks the parts are present. */
    public TileWrite {
        requireNonNull(key, "key");
        requireNonNull(tiles, "tiles");
        requireNonNull(removed, "removed");
    }
}
