package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.StartingOffsets;
import dev.freshet.api.spec.KafkaSourceSpec;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Kafka source as a Spark stream of raw records: {@code key}, {@code value}, {@code topic}, {@code partition},
 * {@code offset}, {@code timestamp} and {@code headers}. Offsets lost to retention fail the query
 * ({@code failOnDataLoss}), rather than skipping records silently. Records are read committed
 * ({@code isolation.level=read_committed}): a record of an aborted transaction, such as one of a dead-letter replay
 * that failed half-way, is never ingested (see {@link dev.freshet.spark.deadletter.DeadLetterReplay}).
 *
 * @param source               the source
 * @param connection           how to reach Kafka
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; zero or less for none
 */
public record KafkaSourceReader(KafkaSourceSpec source, KafkaConnection connection, long maxOffsetsPerTrigger)
        implements RecordSource {

    private static final String[] COLUMNS = {"value", "topic", "partition", "offset", "timestamp", "headers"};

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
                .option("kafka.isolation.level", "read_committed")
                .option("includeHeaders", "true");
        if (maxOffsetsPerTrigger > 0) {
            reader = reader.option("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
        }
        return reader.load().select("key", COLUMNS);
    }

    /**
     * The records between two points of the source, as a bounded frame: from {@code from} (inclusive) to {@code to}
     * (exclusive), per partition; partitions only {@code to} names start at their earliest offset.
     */
    public Dataset<Row> between(SparkSession spark, SourceOffsets from, SourceOffsets to) {
        Map<String, Map<Integer, Long>> start = new TreeMap<>();
        to.partitionsWith(from).forEach((topic, partitions) -> {
            Map<Integer, Long> offsets = new TreeMap<>();
            for (int p : partitions) {
                // -2 is Kafka's "earliest" in Spark's offset JSON.
                offsets.put(p, from.topics().getOrDefault(topic, Map.of()).containsKey(p) ? from.next(topic, p) : -2L);
            }
            start.put(topic, offsets);
        });
        return spark.read()
                .format("kafka")
                .options(connection.sparkOptions())
                .option("subscribe", String.join(",", source.topics()))
                .option("startingOffsets", new SourceOffsets(start).json())
                .option("endingOffsets", to.json())
                .option("failOnDataLoss", "true")
                .option("kafka.isolation.level", "read_committed")
                .option("includeHeaders", "true")
                .load()
                .select("key", COLUMNS);
    }
}
