package dev.freshet.spark.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a job's raw records come from: a frame of Kafka-shaped records ({@code key, value, topic, partition, offset,
 * timestamp}, see {@link dev.freshet.spark.row.KafkaRecordLayout}) for the one pipeline to decode, or of records typed
 * already (a backfill's batch sources, see {@link #typed()}).
 */
public interface RecordSource {

    /** The records: a stream, or a bounded frame for a job run once ({@link #typed()} says which columns). */
    Dataset<Row> open(SparkSession spark);

    /**
     * Whether the records are typed already — the stream source's columns and the {@link
     * dev.freshet.spark.row.ReservedColumns#SOURCE} position, as the pipeline's decoder outputs them — rather than
     * Kafka-shaped bytes, so that the pipeline starts after decoding. A batch source's rows are typed by their files.
     */
    default boolean typed() {
        return false;
    }
}
