package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.StartingOffsets;
import dev.freshet.api.spec.KafkaSourceSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Kafka source as a Spark stream of raw records: {@code key}, {@code value}, {@code topic}, {@code partition},
 * {@code offset} and {@code timestamp}. Offsets lost to retention fail the query ({@code failOnDataLoss}), rather
 * than skipping records silently.
 *
 * @param source               the source
 * @param connection           how to reach Kafka
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; zero or less for none
 */
public record KafkaSourceReader(KafkaSourceSpec source, KafkaConnection connection, long maxOffsetsPerTrigger)
        implements RecordSource {

    /** Checks the parts. */
    public KafkaSourceReader {
        requireNonNull(source, "source");
        requireNonNull(connection, "connection");
    }

    @Override
    public Dataset<Row> open(SparkSession spark) {
        var reader = spark.readStream()
                .format("kafka")
                .options(connection.sparkOptions())
                .option("subscribe", String.join(",", source.topics()))
                .option("startingOffsets", source.startingOffsets() == StartingOffsets.EARLIEST ? "earliest" : "latest")
                .option("failOnDataLoss", "true")
                .option("includeHeaders", "false");
        if (maxOffsetsPerTrigger > 0) {
            reader = reader.option("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
        }
        return reader.load().select("key", "value", "topic", "partition", "offset", "timestamp");
    }
}
