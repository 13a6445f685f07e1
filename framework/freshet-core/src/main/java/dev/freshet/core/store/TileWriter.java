package dev.freshet.core.store;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Writes the tiles of an aggregated feature set into an online store: absolute values of changed tiles, removal of
 * pruned ones, and each key's newest event time. Writing the same {@link TileWrite} twice leaves the store as writing
 * it once. Serializable: built on the driver, it runs in the tasks of executors.
 */
public interface TileWriter extends Serializable {

    /** Writes everything {@code writes} yields; returns the number of keys written once the store acknowledged all. */
    long write(Iterator<TileWrite> writes);
}
