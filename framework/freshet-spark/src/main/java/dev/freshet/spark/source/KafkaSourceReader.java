package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.StartingOffsets;
import dev.freshet.api.spec.KafkaSourceSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
 * <p>A source whose security gives PEM text ({@code kafka.ssl.keystore.key}, a private key, and
 * {@code kafka.ssl.keystore.certificate.chain}; {@code kafka.ssl.truststore.certificates}) makes sure its session
 * redacts those options in plans: unless
 * {@code spark.sql.redaction.options.regex} already matches them, they are added to it. Spark's default
 * {@code spark.redaction.regex} does not match them, and a session Freshet did not create (the application's own, or
 * one already running when the starter asked for it) keeps whatever it was given.
 *
 * @param source               the source
 * @param connection           how to reach Kafka
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; zero or less for none
 */
public record KafkaSourceReader(KafkaSourceSpec source, KafkaConnection connection, long maxOffsetsPerTrigger)
        implements RecordSource {

    private static final String[] COLUMNS = {"value", "topic", "partition", "offset", "timestamp", "headers"};
    /** Spark's session setting that masks data source options in plans, the UI and event logs. */
    private static final String OPTIONS_REDACTION = "spark.sql.redaction.options.regex";
    /** The Spark options of PEM text that neither Spark's redaction defaults nor their words match. */
    private static final List<String> PEM_OPTIONS = List.of("kafka.ssl.keystore.key",
            "kafka.ssl.keystore.certificate.chain", "kafka.ssl.truststore.certificates");
    private static final String PEM_REDACTION =
            "(?i)keystore[.]key|keystore[.]certificate[.]chain|truststore[.]certificates";

    /** Checks the parts. */
    public KafkaSourceReader {
        requireNonNull(source, "source");
        requireNonNull(connection, "connection");
    }

    @Override
    public Dataset<Row> open(SparkSession spark) {
        redactPemOptions(spark);
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
        redactPemOptions(spark);
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

    /**
     * Adds the PEM options this source passes to the session's options redaction, unless it matches them already:
     * a private key given as PEM text would otherwise be printed in every plan of the query (seen in
     * {@code KafkaSecretsIT}).
     */
    private void redactPemOptions(SparkSession spark) {
        Map<String, String> options = connection.sparkOptions();
        String current = spark.conf().get(OPTIONS_REDACTION, "(?i)url");
        Pattern pattern = Pattern.compile(current);
        boolean unmasked = PEM_OPTIONS.stream()
                .anyMatch(option -> options.containsKey(option) && !pattern.matcher(option).find());
        if (unmasked) {
            spark.conf().set(OPTIONS_REDACTION, current + "|" + PEM_REDACTION);
        }
    }
}
