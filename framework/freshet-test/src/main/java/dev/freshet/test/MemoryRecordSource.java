package dev.freshet.test;

import dev.freshet.spark.row.KafkaRecordLayout;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A job's records from Spark's {@link MemoryStream}: Kafka-shaped rows ({@code key, value, topic, partition, offset,
 * timestamp, headers}, as the Kafka source reader selects them) added by the driver, for the one pipeline to decode.
 */
final class MemoryRecordSource implements dev.freshet.spark.source.RecordSource {

    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final MemoryStream<Row> stream;

    MemoryRecordSource(SparkSession spark) {
        this.stream = new MemoryStream<>(IDS.incrementAndGet(), spark, Option.empty(), Encoders.row(KafkaRecordLayout.SCHEMA));
    }

    @Override
    public Dataset<Row> open(SparkSession spark) {
        return stream.toDF();
    }

    /** Adds {@code rows} as the stream's next offset: the next micro-batch reads them. */
    void add(List<Row> rows) {
        stream.addData(CollectionConverters.asScala(rows).toSeq());
    }
}
