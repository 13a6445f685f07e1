package dev.freshet.spark.row;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of the one ingestion pipeline, by name: the {@link LeadingColumns leading columns}, then the feature set's
 * output columns (key, event time, features or aggregation inputs), as {@code IngestionPipeline} builds them.
 */
public final class PipelineRowLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LeadingColumns leading;
    private final EntityKeyColumns key;
    private final int eventTime;
    private final int[] features;
    private final ColumnSpec[] featureColumns;

    private PipelineRowLayout(FeatureSetSpec spec, RowLayout layout) {
        this.leading = LeadingColumns.of(layout);
        this.key = EntityKeyColumns.of(layout, spec.key());
        this.eventTime = layout.index(spec.timestampColumn());
        List<ColumnSpec> columns = spec.featureColumns();
        this.featureColumns = columns.toArray(ColumnSpec[]::new);
        this.features = spec.aggregated() ? new int[0] : layout.indices(columns.stream().map(ColumnSpec::name)
                .toList());
    }

    /** The layout of {@code spec}'s pipeline rows of {@code schema}. */
    public static PipelineRowLayout of(FeatureSetSpec spec, StructType schema) {
        return new PipelineRowLayout(spec, RowLayout.of(schema));
    }

    /** The leading columns. */
    public LeadingColumns leading() {
        return leading;
    }

    /** The key columns. */
    public EntityKeyColumns key() {
        return key;
    }

    /** The row's event time, epoch milliseconds. */
    public long eventMillis(Row row) {
        return ValueTypes.epochMillis(row.get(eventTime));
    }

    /**
     * The values of a row-level feature set's features in {@code row}, in feature order, as the stores take them
     * ({@link ValueTypes#fromSparkValue}).
     */
    public Object[] featureValues(Row row) {
        Object[] values = new Object[features.length];
        for (int i = 0; i < features.length; i++) {
            values[i] = ValueTypes.fromSparkValue(row.get(features[i]), featureColumns[i].type());
        }
        return values;
    }
}
