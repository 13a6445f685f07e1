package dev.freshet.spark.aggregate;

import org.apache.spark.sql.Row;

/**
 * How to read one key's events for a {@link TileReplay}: the source position, the two times and the aggregation
 * inputs of each, from whatever frame holds them (the tile operator's input, or the offline table read for
 * point-in-time retrieval).
 */
public interface KeyEvents {

    /** The event's Kafka partition. */
    int partition(Row event);

    /** The event's Kafka offset. */
    long offset(Row event);

    /** The event time, epoch milliseconds. */
    long eventMillis(Row event);

    /** The Kafka record's timestamp, epoch milliseconds. */
    long kafkaMillis(Row event);

    /** The values of the aggregation inputs, in the order of the partial-aggregate layout's input columns. */
    Object[] inputs(Row event);
}
