package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.TileStoreWriter;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.online.OnlineJob;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineStoreSink;
import dev.freshet.spark.pipeline.IngestionPipeline;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaSourceReader;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Starts the online job of an aggregated feature set: the one ingestion pipeline, then the tile operator
 * ({@link TileFunction}) keyed by entity, then the sink writing tiles to Redis and dead letters to Kafka.
 */
public final class AggregationJobs {

    private AggregationJobs() {}

    /** The tile rows of {@code spec} from its sink rows: the stateful part every aggregating job shares. */
    public static Dataset<Row> tiles(FeatureSetSpec spec, TiledAggregation model, Dataset<Row> sinkRows) {
        TileColumns columns = new TileColumns(spec, model, sinkRows.schema());
        return columns.input(sinkRows)
                .groupByKey(TileFunction.groupKey(columns), Encoders.STRING())
                .flatMapGroupsWithState(new TileFunction(spec, model, columns), OutputMode.Update(),
                        Encoders.BINARY(), Encoders.row(columns.outputSchema), GroupStateTimeout.NoTimeout());
    }

    /** Starts the online query of aggregated {@code spec}; {@code writer} writes its tiles. */
    public static OnlineJob start(SparkSession spark, FeatureSetSpec spec, OnlineJobSettings settings,
            KafkaConnection kafka, TileStoreWriter writer, String deadLetterTopic, String checkpoint,
            Duration ioTimeout, IngestionMetrics metrics) {
        TiledAggregation model = TiledAggregation.of(spec);
        DeadLetterTarget deadLetters = new DeadLetterTarget(kafka.clientProperties(), deadLetterTopic, ioTimeout);
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, "freshet-rejected-" + spec.name());
        Dataset<Row> raw = KafkaSourceReader.read(spark, spec.source(), kafka, settings.maxOffsetsPerTrigger());
        Dataset<Row> sinkRows = IngestionPipeline.sinkRows(spark, spec, raw, deadLetters, rejected);
        TileColumns columns = new TileColumns(spec, model, sinkRows.schema());
        Dataset<Row> tiles = tiles(spec, model, sinkRows);
        TileWriteFunction write = new TileWriteFunction(spec.name(), columns, writer, deadLetters);
        OnlineJob.Totals totals = new OnlineJob.Totals();
        OnlineStoreSink sink = new OnlineStoreSink(spec, write, rejected, metrics, totals::add);
        Trigger trigger = settings.runMode() == OnlineJobSettings.RunMode.AVAILABLE_NOW ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(settings.triggerInterval().toMillis());
        try {
            StreamingQuery query = tiles.writeStream()
                    .queryName("freshet-online-" + spec.name())
                    .outputMode(OutputMode.Update())
                    .option("checkpointLocation", checkpoint)
                    .trigger(trigger)
                    .foreachBatch(sink)
                    .start();
            return OnlineJob.of(spec.name(), query, checkpoint, totals);
        } catch (TimeoutException e) {
            throw FreshetErrors.jobFailed(spec.name(), "online", e);
        }
    }
}
