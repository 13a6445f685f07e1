package dev.freshet.spark.aggregate;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The two frames around the tile operator of one feature set: its input (pipeline rows cut down to the leading
 * columns, the key, the event time and the aggregation inputs, so that the shuffle moves no more than needed) and its
 * output (tile rows and dead-letter rows: the leading columns, the key, then {@link ReservedColumns#NEWEST},
 * {@link ReservedColumns#ACCEPTED}, {@link ReservedColumns#TILES_CHANGED} and {@link ReservedColumns#TILES_REMOVED}, and
 * for a feature set with ONLINE sinks {@link ReservedColumns#READ_AT} and {@link ReservedColumns#VECTOR}).
 */
final class TileFrames implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> inputColumns;
    private final StructType inputSchema;
    private final StructType outputSchema;

    TileFrames(FeatureSetSpec spec, TiledAggregation model, StructType pipelineSchema) {
        Set<String> needed = new LinkedHashSet<>(ReservedColumns.LEADING);
        needed.addAll(spec.key());
        needed.add(spec.timestampColumn());
        needed.addAll(model.layout().inputColumns());
        this.inputColumns = new ArrayList<>(needed);
        StructType in = new StructType();
        for (String c : inputColumns) {
            in = in.add(pipelineSchema.apply(c));
        }
        this.inputSchema = in;
        StructType out = new StructType();
        for (String c : ReservedColumns.LEADING) {
            out = out.add(nullable(pipelineSchema.apply(c)));
        }
        for (String k : spec.key()) {
            out = out.add(nullable(pipelineSchema.apply(k)));
        }
        out = out
                .add(ReservedColumns.NEWEST, DataTypes.LongType, true)
                .add(ReservedColumns.ACCEPTED, DataTypes.LongType, true)
                .add(ReservedColumns.TILES_CHANGED, DataTypes.createMapType(DataTypes.StringType,
                        DataTypes.BinaryType), true)
                .add(ReservedColumns.TILES_REMOVED, DataTypes.createArrayType(DataTypes.StringType), true);
        if (readsVectors(spec)) {
            out = out.add(ReservedColumns.READ_AT, DataTypes.LongType, true)
                    .add(ReservedColumns.VECTOR, ValueTypes.schemaOf(spec.featureColumns()), true);
        }
        this.outputSchema = out;
    }

    /**
     * Whether the operator also reads each changed key's feature vector at the batch's read time: for the feature
     * set's ONLINE sinks (ADR 0018). Without them the tile rows carry no vector, and a checkpoint of a set without
     * sinks keeps its output schema.
     */
    static boolean readsVectors(FeatureSetSpec spec) {
        return spec.sinks().stream().anyMatch(s -> s.attachment() == AttachmentPoint.ONLINE);
    }

    /** The operator's input, selected from the pipeline rows. */
    Dataset<Row> input(Dataset<Row> pipelineRows) {
        return pipelineRows.select(inputColumns.stream().map(c -> pipelineRows.col("`" + c + "`"))
                .toArray(Column[]::new));
    }

    /** The schema of the operator's input. */
    StructType inputSchema() {
        return inputSchema;
    }

    /** The schema of the operator's output. */
    StructType outputSchema() {
        return outputSchema;
    }

    // Tile rows carry no source position and dead-letter rows no tiles: every output column is nullable.
    private static StructField nullable(StructField f) {
        return new StructField(f.name(), f.dataType(), true, f.metadata());
    }
}
