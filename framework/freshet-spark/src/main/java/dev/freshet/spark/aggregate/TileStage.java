package dev.freshet.spark.aggregate;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.CheckpointDefinition;
import dev.freshet.spark.job.EventTimeStage;
import java.time.Duration;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * The event-time stage of aggregated feature sets: pipeline rows grouped by entity key into the tile operator
 * ({@link TileFunction}), which keeps each key's tiles in Spark's state store and emits tile rows and dead letters.
 */
public final class TileStage implements EventTimeStage {

    private final FeatureSetSpec spec;
    private final TiledAggregation model;
    private final Duration ttl;
    private final Optional<String> seed;

    /** The tile stage of aggregated {@code spec}, whose tiles the online store keeps for {@code ttl} (zero: ever). */
    public TileStage(FeatureSetSpec spec, TiledAggregation model, Duration ttl) {
        this(spec, model, ttl, Optional.empty());
    }

    /**
     * The tile stage of aggregated {@code spec}, whose tiles the online store keeps for {@code ttl} (zero: ever),
     * starting from the tiles of a {@link TileSeed} at {@code seed} if given: the operator's initial state, which
     * Spark applies in the first micro-batch of a new checkpoint only.
     */
    public TileStage(FeatureSetSpec spec, TiledAggregation model, Duration ttl, Optional<String> seed) {
        this.spec = requireNonNull(spec, "spec");
        this.model = requireNonNull(model, "model");
        this.ttl = requireNonNull(ttl, "ttl");
        this.seed = requireNonNull(seed, "seed");
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> pipelineRows) {
        TileFrames frames = new TileFrames(spec, model, pipelineRows.schema());
        TileInputLayout in = new TileInputLayout(spec, model, frames.inputSchema());
        TileRowLayout out = new TileRowLayout(spec, frames.outputSchema());
        KeyValueGroupedDataset<String, Row> grouped = frames.input(pipelineRows)
                .groupByKey(TileFunction.groupKey(in), Encoders.STRING());
        TileFunction function = new TileFunction(spec, model, in, out, ttl);
        if (seed.isPresent()) {
            return grouped.flatMapGroupsWithState(function, OutputMode.Update(), Encoders.BINARY(),
                    Encoders.row(frames.outputSchema()), GroupStateTimeout.NoTimeout(),
                    TileSeed.initialState(pipelineRows.sparkSession(), seed.get()));
        }
        return grouped.flatMapGroupsWithState(function, OutputMode.Update(), Encoders.BINARY(),
                Encoders.row(frames.outputSchema()), GroupStateTimeout.NoTimeout());
    }

    @Override
    public OutputMode outputMode() {
        return OutputMode.Update();
    }

    @Override
    public CheckpointDefinition.State checkpointState(SparkSession spark) {
        // The tile format, the key and the aggregations are the spec's, recorded with the job's definition; what the
        // stage adds is how Spark partitions its state, which a checkpoint freezes.
        return new CheckpointDefinition.State("tiles",
                Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    }
}
