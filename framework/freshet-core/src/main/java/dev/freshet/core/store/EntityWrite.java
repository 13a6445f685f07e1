package dev.freshet.core.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entity's features from one source event, to be written if no newer event of the entity is stored.
 *
 * @param key           key values in key-column order
 * @param eventTime     event time, epoch milliseconds
 * @param partition     source partition of the event
 * @param offset        source offset of the event
 * @param featureValues one value per feature column of the writer, in order; {@code null} for a null feature
 */
public record EntityWrite(List<Object> key, long eventTime, int partition, long offset, Object[] featureValues) {

    /** Checks the parts are present. */
    public EntityWrite {
        requireNonNull(key, "key");
        requireNonNull(featureValues, "featureValues");
    }

    /**
     * Whether this event is newer than {@code other} by the store's order: event time, then partition, then offset
     * (the order the write script applies).
     */
    public boolean isNewerThan(EntityWrite other) {
        if (eventTime != other.eventTime) {
            return eventTime > other.eventTime;
        }
        if (partition != other.partition) {
            return partition > other.partition;
        }
        return offset > other.offset;
    }
}
