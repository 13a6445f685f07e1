package dev.freshet.test;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A job's records from Spark's {@link MemoryStream}: Kafka-shaped rows ({@code key, value, topic, partition, offset,
 * timestamp, headers}, as the Kafka source reader selects them) added by the driver, for the one pipeline to decode.
 */
final class MemoryRecordSource implements dev.freshet.spark.source.RecordSource {

    /** The columns of the Kafka source reader's frame. */
    static final StructType SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("headers", DataTypes.createArrayType(new StructType()
                    .add("key", DataTypes.StringType)
                    .add("value", DataTypes.BinaryType)));

    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final MemoryStream<Row> stream;

    MemoryRecordSource(SparkSession spark) {
        this.stream = new MemoryStream<>(IDS.incrementAndGet(), spark, Option.empty(), Encoders.row(SCHEMA));
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
