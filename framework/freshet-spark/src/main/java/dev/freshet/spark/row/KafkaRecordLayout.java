package dev.freshet.spark.row;

import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;

/**
 * Raw Kafka records as Spark's Kafka source gives them, by name: {@code key}, {@code value}, {@code topic},
 * {@code partition}, {@code offset}, {@code timestamp}.
 */
public final class KafkaRecordLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int key;
    private final int value;
    private final int topic;
    private final int partition;
    private final int offset;
    private final int timestamp;

    private KafkaRecordLayout(RowLayout layout) {
        key = layout.index("key");
        value = layout.index("value");
        topic = layout.index("topic");
        partition = layout.index("partition");
        offset = layout.index("offset");
        timestamp = layout.index("timestamp");
    }

    /** The layout of raw records laid out by {@code layout}. */
    public static KafkaRecordLayout of(RowLayout layout) {
        return new KafkaRecordLayout(layout);
    }

    /** The record's key, or null. */
    public byte[] key(Row row) {
        return (byte[]) row.get(key);
    }

    /** The record's value, or null. */
    public byte[] value(Row row) {
        return (byte[]) row.get(value);
    }

    /** The record's topic. */
    public String topic(Row row) {
        return row.getString(topic);
    }

    /** The record's partition. */
    public int partition(Row row) {
        return row.getInt(partition);
    }

    /** The record's offset. */
    public long offset(Row row) {
        return row.getLong(offset);
    }

    /** The record's Kafka timestamp. */
    public Timestamp timestamp(Row row) {
        return ValueTypes.timestamp(row.get(timestamp));
    }
}
