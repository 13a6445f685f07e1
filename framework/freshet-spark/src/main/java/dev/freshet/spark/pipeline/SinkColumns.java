package dev.freshet.spark.pipeline;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names of the pipeline's internal frames. Every name starts with {@code __}, which the processor forbids in
 * users' SQL output, so they never clash with a feature.
 *
 * <p>A sink row is either a feature row ({@link #KIND} = {@link #FEATURES}: the transform's output columns, with the
 * source position) or a dead-letter row ({@link #DEAD_LETTER}: reason, detail, source position, key and payload).
 */
public final class SinkColumns {

    /** Struct carried through the SQL transform: {@code topic, partition, offset, timestamp} of the source record. */
    public static final String SOURCE = "__freshet";

    /** Sink row: {@link #FEATURES} or {@link #DEAD_LETTER}. */
    public static final String KIND = "__kind";
    /** Sink row kind of a row for the stores. */
    public static final String FEATURES = "FEATURES";
    /** Sink row kind of a row for the dead-letter topic. */
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
    public static final String SOURCE_TIMESTAMP = "__source_timestamp";
    /** Kafka key of the source record, for dead letters. */
    public static final String SOURCE_KEY = "__source_key";
    /** Kafka value of the source record, for dead letters (null when rejected after the transform). */
    public static final String PAYLOAD = "__payload";

    /** The leading columns of every sink row, in order. */
    public static final List<String> LEADING =
            List.of(KIND, REASON, DETAIL, TOPIC, PARTITION, OFFSET, SOURCE_TIMESTAMP, SOURCE_KEY, PAYLOAD);

    /** Type of {@link #SOURCE}. */
    public static final StructType SOURCE_TYPE = new StructType()
            .add("topic", DataTypes.StringType, false)
            .add("partition", DataTypes.IntegerType, false)
            .add("offset", DataTypes.LongType, false)
            .add("timestamp", DataTypes.TimestampType, true);

    private SinkColumns() {}
}
