package dev.freshet.core.store;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Writes the feature values of a row-level feature set into an online store, so that per entity the newest event (by
 * event time, then partition, then offset) wins whatever order writes arrive in, and writing the same event twice is
 * a no-op. Serializable: built on the driver, it runs in the tasks of executors.
 */
public interface EntityWriter extends Serializable {

    /** Writes everything {@code writes} yields; returns once the store has acknowledged every write. */
    WriteResult write(Iterator<EntityWrite> writes);
}
