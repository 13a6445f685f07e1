package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.pipeline.SinkColumns;
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
 * The frames around the tile operator of one feature set: its input (the sink rows cut down to what aggregation
 * reads, so that the shuffle moves no more than needed) and its output (tile rows and dead letters).
 */
final class TileColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Output: the key's newest event time, epoch ms. */
    static final String NEWEST = "__newest";
    /** Output: events aggregated into the key in this batch. */
    static final String ACCEPTED = "__accepted";
    /** Output: changed tiles, field name to encoded partial aggregate. */
    static final String TILES = "__tiles";
    /** Output: field names of pruned tiles. */
    static final String REMOVED = "__removed";
    /** Output row kind of a key's tile changes. */
    static final String KIND_TILES = "TILES";

    final List<String> inputColumns;
    final int[] keyIndexes;
    final int timestampIndex;
    final int[] aggregationInputIndexes;
    final StructType outputSchema;

    TileColumns(FeatureSetSpec spec, TiledAggregation model, StructType sinkSchema) {
        Set<String> needed = new LinkedHashSet<>(spec.key());
        needed.add(spec.timestampColumn());
        needed.addAll(model.layout().inputColumns());
        this.inputColumns = new ArrayList<>(needed);
        int leading = SinkColumns.LEADING.size();
        this.keyIndexes = spec.key().stream().mapToInt(k -> leading + inputColumns.indexOf(k)).toArray();
        this.timestampIndex = leading + inputColumns.indexOf(spec.timestampColumn());
        this.aggregationInputIndexes = model.layout().inputColumns().stream()
                .mapToInt(c -> leading + inputColumns.indexOf(c)).toArray();
        StructType out = new StructType();
        for (String c : SinkColumns.LEADING) {
            StructField f = sinkSchema.apply(c);
            // Tile rows carry no source position: every leading column is nullable here.
            out = out.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
        }
        for (String k : spec.key()) {
            StructField f = sinkSchema.apply(k);
            out = out.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
        }
        this.outputSchema = out
                .add(NEWEST, DataTypes.LongType, true)
                .add(ACCEPTED, DataTypes.LongType, true)
                .add(TILES, DataTypes.createMapType(DataTypes.StringType, DataTypes.BinaryType), true)
                .add(REMOVED, DataTypes.createArrayType(DataTypes.StringType), true);
    }

    /** The operator's input: the sink rows' leading columns, then keys, event time and aggregation inputs. */
    Dataset<Row> input(Dataset<Row> sinkRows) {
        List<Column> columns = new ArrayList<>();
        for (String c : SinkColumns.LEADING) {
            columns.add(sinkRows.col(c));
        }
        for (String c : inputColumns) {
            columns.add(sinkRows.col("`" + c + "`"));
        }
        return sinkRows.select(columns.toArray(Column[]::new));
    }

    /** Index of the key column {@code i} in an output row. */
    int outputKeyIndex(int i) {
        return SinkColumns.LEADING.size() + i;
    }

    /** Width of an output row. */
    int outputWidth() {
        return outputSchema.size();
    }

    static int leading(String column) {
        return SinkColumns.LEADING.indexOf(column);
    }
}
