package dev.freshet.spark.offline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Point-in-time correct training data: joins label rows (entity keys and a timestamp) with the features each entity
 * had <em>as of that timestamp</em>, from the offline store, never from the future.
 *
 * <pre>{@code
 * Dataset<Row> training = historical.pointInTime(labels, "label_time",
 *         List.of(FeatureRequest.all("user-transactions"), FeatureRequest.of("merchant-risk", "fraud_rate_7d")),
 *         Duration.ofDays(30));
 * }</pre>
 *
 * <p>"As of {@code t}" means what the online store served at {@code t} for the same events: for a row-level feature
 * set, the newest event with event time {@code <= t} (null if none, or if older than {@code maxAge}); for an
 * aggregated one, the windows read at {@code t} (events before the last tile boundary at or before {@code t}), from
 * the events the online job accepted, decided the same way. Labels need every key column of each requested feature
 * set, under the same names, and the timestamp column. The result is the labels with one column per feature, in
 * label order within partitions; feature names must not clash across the requests.
 *
 * <p>Each feature set costs one co-grouping of labels and stored events by key, then a sort-and-sweep per key (see
 * {@link PointInTimeFunction}): linear in labels plus events, whatever the number of events per key.
 */
public final class HistoricalFeatures {

    /** Column added to labels while features are joined to them. */
    static final String LABEL_ID = "__label_id";

    private final SparkSession spark;
    private final FeatureSetCatalog catalog;
    private final OfflineTable table;

    /** Retrieval from {@code table} for the feature sets of {@code catalog}. */
    public HistoricalFeatures(SparkSession spark, FeatureSetCatalog catalog, OfflineTable table) {
        this.spark = spark;
        this.catalog = catalog;
        this.table = table;
    }

    /**
     * The labels joined with the requested features as of each label's {@code timestampColumn}.
     *
     * @param maxAge features older than this are null; {@link Duration#ZERO} for no limit
     */
    public Dataset<Row> pointInTime(Dataset<Row> labels, String timestampColumn, List<FeatureRequest> requests,
            Duration maxAge) {
        if (!(labels.schema().apply(checkColumn(labels, timestampColumn, "label")).dataType()
                instanceof TimestampType)) {
            throw new IllegalArgumentException("label column \"" + timestampColumn + "\" is "
                    + labels.schema().apply(timestampColumn).dataType().simpleString() + ", not a timestamp");
        }
        // Pin the label ids: every feature set's result is joined back on them.
        Dataset<Row> withIds = labels.withColumn(LABEL_ID, monotonically_increasing_id()).localCheckpoint(true);
        Dataset<Row> result = withIds;
        List<String> taken = new ArrayList<>(Arrays.asList(labels.columns()));
        for (FeatureRequest request : requests) {
            FeatureSetSpec spec = catalog.get(request.featureSet());
            Dataset<Row> features = features(withIds, timestampColumn, spec, selection(spec, request), maxAge);
            for (String feature : features.columns()) {
                if (!feature.equals(LABEL_ID) && taken.contains(feature)) {
                    throw new IllegalArgumentException("feature \"" + feature + "\" of feature set \""
                            + spec.name() + "\" clashes with a label column or another requested feature: request"
                            + " features by name to leave one out");
                }
                taken.add(feature);
            }
            result = result.join(features, result.col(LABEL_ID).equalTo(features.col(LABEL_ID)), "left")
                    .drop(features.col(LABEL_ID));
        }
        return result.drop(LABEL_ID);
    }

    private Dataset<Row> features(Dataset<Row> labels, String timestampColumn, FeatureSetSpec spec,
            List<ColumnSpec> selected, Duration maxAge) {
        for (String key : spec.key()) {
            checkColumn(labels, key, "label (a key column of feature set \"" + spec.name() + "\")");
        }
        List<ColumnSpec> stored = stored(spec);
        List<ColumnSpec> features = spec.featureColumns();
        int[] indexes = selected.stream().mapToInt(c -> aggregatedIndex(spec, features, stored, c)).toArray();

        List<Column> labelColumns = new ArrayList<>();
        labelColumns.add(col(LABEL_ID));
        labelColumns.add(col("`" + timestampColumn + "`"));
        spec.key().forEach(k -> labelColumns.add(col("`" + k + "`")));
        List<Column> eventColumns = new ArrayList<>();
        eventColumns.add(col("`" + spec.timestampColumn() + "`"));
        eventColumns.add(col(OfflineTable.PARTITION));
        eventColumns.add(col(OfflineTable.OFFSET));
        eventColumns.add(col(OfflineTable.KAFKA_TIMESTAMP));
        stored.forEach(c -> eventColumns.add(col("`" + c.name() + "`")));
        spec.key().forEach(k -> eventColumns.add(col("`" + k + "`")));

        int keys = spec.key().size();
        StructType out = new StructType().add(LABEL_ID, DataTypes.LongType, false);
        for (ColumnSpec c : selected) {
            out = out.add(c.name(), ValueTypes.toSpark(c.type()), true);
        }
        return labels.select(labelColumns.toArray(Column[]::new))
                .groupByKey(keyOf(2, keys), Encoders.STRING())
                .cogroup(table.read(spark, spec).select(eventColumns.toArray(Column[]::new))
                                .groupByKey(keyOf(4 + stored.size(), keys), Encoders.STRING()),
                        new PointInTimeFunction(spec, stored, indexes, maxAge.toMillis()), Encoders.row(out));
    }

    /** The stored columns the sweep reads: the features (row-level) or the aggregation inputs. */
    private static List<ColumnSpec> stored(FeatureSetSpec spec) {
        if (!spec.aggregated()) {
            return spec.featureColumns();
        }
        return TiledAggregation.of(spec).layout().inputColumns().stream()
                .map(name -> spec.column(name).orElseThrow()).toList();
    }

    /** Where the sweep finds feature {@code c}: its index among the features or the stored values. */
    private static int aggregatedIndex(FeatureSetSpec spec, List<ColumnSpec> features, List<ColumnSpec> stored,
            ColumnSpec c) {
        return spec.aggregated() ? features.indexOf(c) : stored.indexOf(c);
    }

    private static List<ColumnSpec> selection(FeatureSetSpec spec, FeatureRequest request) {
        if (request.features().isEmpty()) {
            return spec.featureColumns();
        }
        Map<String, ColumnSpec> byName = new HashMap<>();
        spec.featureColumns().forEach(c -> byName.put(c.name(), c));
        List<ColumnSpec> selected = new ArrayList<>();
        for (String name : request.features()) {
            ColumnSpec c = byName.get(name);
            if (c == null) {
                throw new FreshetException(spec.name(), "has no feature \"" + name + "\""
                        + DidYouMean.hint(name, byName.keySet()) + "; its features are "
                        + spec.featureColumns().stream().map(ColumnSpec::name).toList(), null);
            }
            selected.add(c);
        }
        return selected;
    }

    private static String checkColumn(Dataset<Row> frame, String column, String role) {
        if (!Arrays.asList(frame.columns()).contains(column)) {
            throw new IllegalArgumentException("the labels have no column \"" + column + "\" (" + role + ")"
                    + DidYouMean.hint(column, Arrays.asList(frame.columns())) + "; they have "
                    + Arrays.toString(frame.columns()));
        }
        return column;
    }

    private static MapFunction<Row, String> keyOf(int first, int count) {
        return row -> {
            List<Object> key = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                key.add(row.get(first + i));
            }
            return key.contains(null) ? "\u0000null" : OnlineStoreLayout.encodeKey(key);
        };
    }
}
