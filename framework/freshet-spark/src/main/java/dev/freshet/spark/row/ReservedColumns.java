package dev.freshet.spark.row;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every column name Freshet adds to the frames it builds — the pipeline's rows, the tile operator's rows, the offline
 * tables — in one place, so that a column has one name wherever it travels. Every name starts with {@code __}, which
 * the processor forbids in users' SQL output, so none clashes with a feature.
 *
 * <p>Pipeline and tile rows start with {@link #LEADING}: a row kind ({@link #FEATURES}, {@link #TILES} or
 * {@link #DEAD_LETTER}), what a dead letter needs (reason, detail, Kafka key and payload) and the source position
 * every row carries (topic, partition, offset, Kafka timestamp).
 */
public final class ReservedColumns {

    /** Struct carried through the SQL transform: {@code topic, partition, offset, timestamp} of the source record. */
    public static final String SOURCE = "__freshet";

    /** Row kind: {@link #FEATURES}, {@link #TILES} or {@link #DEAD_LETTER}. */
    public static final String KIND = "__kind";
    /** Row kind of a transformed event, for the stores. */
    public static final String FEATURES = "FEATURES";
    /** Row kind of one key's tile changes, out of the tile operator. */
    public static final String TILES = "TILES";
    /** Row kind of a record for the dead-letter topic. */
    public static final String DEAD_LETTER = "DEAD_LETTER";
    /** Dead-letter reason, a {@link dev.freshet.core.deadletter.DeadLetterReason} name. */
    public static final String REASON = "__reason";
    /** Dead-letter detail. */
    public static final String DETAIL = "__detail";
    /** Source topic. */
    public static final String TOPIC = "__topic";
    /** Source partition. */
    public static final String PARTITION = "__partition";
    /** Source offset. */
    public static final String OFFSET = "__offset";
    /** Kafka timestamp of the source record. */
    public static final String KAFKA_TIMESTAMP = "__kafka_timestamp";
    /** Kafka key of the source record, for dead letters. */
    public static final String SOURCE_KEY = "__source_key";
    /** Kafka value of the source record, for dead letters (null when rejected after the transform). */
    public static final String PAYLOAD = "__payload";

    /** The leading columns of every pipeline and tile row, in order. */
    public static final List<String> LEADING =
            List.of(KIND, REASON, DETAIL, TOPIC, PARTITION, OFFSET, KAFKA_TIMESTAMP, SOURCE_KEY, PAYLOAD);

    /** Tile row: the key's newest event time, epoch ms. */
    public static final String NEWEST = "__newest";
    /** Tile row: events aggregated into the key in this batch. */
    public static final String ACCEPTED = "__accepted";
    /** Tile row: changed tiles, field name to encoded partial aggregate. */
    public static final String TILES_CHANGED = "__tiles";
    /** Tile row: field names of pruned tiles. */
    public static final String TILES_REMOVED = "__removed";
    /**
     * Tile row of a feature set with ONLINE sinks: the batch's read time, epoch ms, at which {@link #VECTOR} was read.
     */
    public static final String READ_AT = "__read_at";
    /** Tile row of a feature set with ONLINE sinks: the key's feature values at {@link #READ_AT}, a struct. */
    public static final String VECTOR = "__vector";

    /** Offline table: id of the writing job's checkpoint. */
    public static final String WRITER = "__writer";
    /** Offline table: micro-batch of the writing job. */
    public static final String BATCH = "__batch_id";
    /** Offline table: when the row was written. */
    public static final String INGESTED_AT = "__ingested_at";
    /** Offline table: partition column, the event's UTC date. */
    public static final String EVENT_DATE = "__event_date";

    /** Type of {@link #SOURCE}. */
    public static final StructType SOURCE_TYPE = new StructType()
            .add("topic", DataTypes.StringType, false)
            .add("partition", DataTypes.IntegerType, false)
            .add("offset", DataTypes.LongType, false)
            .add("timestamp", DataTypes.TimestampType, true);

    private ReservedColumns() {}
}
