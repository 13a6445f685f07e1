package dev.freshet.spark.online;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.redis.OnlineStoreWriter;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.pipeline.IngestionPipeline;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaSourceReader;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** Starts online jobs: the pipeline from the Kafka source to sink rows, written by {@link OnlineStoreSink}. */
public final class OnlineJobs {

    private OnlineJobs() {}

    /** Starts the online query of {@code spec}. */
    public static OnlineJob start(SparkSession spark, FeatureSetSpec spec, OnlineJobSettings settings,
            KafkaConnection kafka, OnlineStoreWriter writer, String deadLetterTopic, String checkpoint,
            Duration ioTimeout, IngestionMetrics metrics) {
        DeadLetterTarget deadLetters = new DeadLetterTarget(kafka.clientProperties(), deadLetterTopic, ioTimeout);
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, "freshet-rejected-" + spec.name());
        Dataset<Row> raw = KafkaSourceReader.read(spark, spec.source(), kafka, settings.maxOffsetsPerTrigger());
        Dataset<Row> sinkRows = IngestionPipeline.sinkRows(spark, spec, raw, deadLetters, rejected);
        OnlineWriteFunction write = new OnlineWriteFunction(spec, writer, deadLetters);
        OnlineJob.Totals totals = new OnlineJob.Totals();
        OnlineStoreSink sink = new OnlineStoreSink(spec, write, rejected, metrics, totals::add);
        Trigger trigger = settings.runMode() == OnlineJobSettings.RunMode.AVAILABLE_NOW ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(settings.triggerInterval().toMillis());
        try {
            StreamingQuery query = sinkRows.writeStream()
                    .queryName("freshet-online-" + spec.name())
                    .option("checkpointLocation", checkpoint)
                    .trigger(trigger)
                    .foreachBatch(sink)
                    .start();
            return new OnlineJob(spec.name(), query, checkpoint, totals);
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(spec.name(), "online", e);
        }
    }
}
