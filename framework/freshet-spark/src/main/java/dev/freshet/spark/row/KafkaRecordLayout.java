package dev.freshet.spark.row;

import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw Kafka records as Spark's Kafka source gives them, by name: {@code key}, {@code value}, {@code topic},
 * {@code partition}, {@code offset}, {@code timestamp}, and {@code headers} if the frame has them.
 */
public final class KafkaRecordLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The columns of the frame a job's Kafka source gives the pipeline ({@code KafkaSourceReader}'s selection), with
     * Spark's Kafka types: for another source of Kafka-shaped records (the test kit's in-memory stream).
     */
    public static final StructType SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("headers", DataTypes.createArrayType(new StructType()
                    .add("key", DataTypes.StringType)
                    .add("value", DataTypes.BinaryType)));

    private final int key;
    private final int value;
    private final int topic;
    private final int partition;
    private final int offset;
    private final int timestamp;
    private final int headers;

    private KafkaRecordLayout(RowLayout layout) {
        key = layout.index("key");
        value = layout.index("value");
        topic = layout.index("topic");
        partition = layout.index("partition");
        offset = layout.index("offset");
        timestamp = layout.index("timestamp");
        headers = layout.has("headers") ? layout.index("headers") : -1;
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

    /**
     * The value of the record's last header named {@code name}, as UTF-8 text; null if it has none (or the frame has
     * no headers).
     */
    public String header(Row row, String name) {
        if (headers < 0 || row.isNullAt(headers)) {
            return null; // Spark's Kafka source gives null, not an empty array, for a record without headers
        }
        List<Row> all = row.getList(headers);
        for (int i = all.size() - 1; i >= 0; i--) {
            Row h = all.get(i);
            if (name.equals(h.getString(0))) {
                byte[] value = (byte[]) h.get(1);
                return value == null ? null : new String(value, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The record's Kafka timestamp. */
    public Timestamp timestamp(Row row) {
        return ValueTypes.timestamp(row.get(timestamp));
    }
}
