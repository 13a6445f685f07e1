package dev.freshet.spark.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a job's raw records come from: a frame of Kafka-shaped records ({@code key, value, topic, partition, offset,
 * timestamp}, see {@link dev.freshet.spark.row.KafkaRecordLayout}) for the one pipeline to decode.
 */
public interface RecordSource {

    /** The records, as a stream. */
    Dataset<Row> open(SparkSession spark);
}
