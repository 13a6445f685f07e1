package dev.freshet.spark.offline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.aggregate.EventColumns;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import dev.freshet.spark.source.SourceOffsets;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
 * set, under the same names, and the timestamp column. The result is the labels, each with one column per feature
 * (rows in no particular order); feature names must not clash with label columns or across the requests.
 *
 * <p>Each feature set costs one sort of labels and stored events together by key and time — an as-of join, never a
 * cartesian product or a per-label lookup: for row-level sets a running {@code last(…)} in Spark's generated code,
 * for aggregated ones a co-grouped replay of each key's events through the online job's tile code
 * ({@link PointInTimeFunction}).
 */
public final class HistoricalFeatures {

    /** Column added to labels while features are joined to them. */
    static final String LABEL_ID = "__label_id";

    private final SparkSession spark;
    private final FeatureSetCatalog catalog;
    private final OfflineTable table;
    private final SourceOffsets before;

    /** Retrieval from {@code table} for the feature sets of {@code catalog}. */
    public HistoricalFeatures(SparkSession spark, FeatureSetCatalog catalog, OfflineTable table) {
        this(spark, catalog, table, null);
    }

    private HistoricalFeatures(SparkSession spark, FeatureSetCatalog catalog, OfflineTable table,
            SourceOffsets before) {
        this.spark = spark;
        this.catalog = catalog;
        this.table = table;
        this.before = before;
    }

    /**
     * Retrieval from the events stored before {@code offsets} only: features as the offline store had them once it
     * had read the source up to that point (a reproducible training set, or a comparison with a store that read that
     * far). Offline tables record each event's partition and offset, not its topic, so this needs feature sets whose
     * source has a single topic.
     */
    public HistoricalFeatures before(SourceOffsets offsets) {
        return new HistoricalFeatures(spark, catalog, table, offsets);
    }

    /**
     * The labels joined with the requested features as of each label's {@code timestampColumn}.
     *
     * <p>The labels hold {@code timestampColumn}, of type {@code timestamp} (an instant), and each requested feature
     * set's key columns, under the same names, of the key's type ({@code int} and {@code bigint} interchangeably);
     * any other columns are carried through. A label whose time or a key value is null gets null features.
     *
     * @param maxAge features older than this are null; {@link Duration#ZERO} for no limit
     * @throws IllegalArgumentException if the labels lack a column, or hold the label time or a key with another type
     *     (a date, text, a local date-time or epoch numbers as the time: the message shows the conversion to make)
     */
    public Dataset<Row> pointInTime(Dataset<Row> labels, String timestampColumn, List<FeatureRequest> requests,
            Duration maxAge) {
        LabelSchema.checkTime(labels.schema(), timestampColumn, spark.conf().get("spark.sql.session.timeZone"));
        List<FeatureSetSpec> specs = new ArrayList<>();
        List<List<ColumnSpec>> selections = new ArrayList<>();
        List<String> taken = new ArrayList<>(Arrays.asList(labels.columns()));
        for (FeatureRequest request : requests) {
            FeatureSetSpec spec = catalog.get(request.featureSet());
            for (String key : spec.key()) {
                LabelSchema.checkKey(labels.schema(), spec, key);
            }
            List<ColumnSpec> selected = selection(spec, request);
            for (ColumnSpec feature : selected) {
                if (taken.contains(feature.name())) {
                    throw new IllegalArgumentException("feature \"" + feature.name() + "\" of feature set \""
                            + spec.name() + "\" clashes with a label column or another requested feature: request"
                            + " features by name to leave one out");
                }
                taken.add(feature.name());
            }
            specs.add(spec);
            selections.add(selected);
        }
        // Row-level sets carry the labels through their sort; aggregated ones are joined back on pinned label ids.
        boolean joinsBack = specs.stream().anyMatch(FeatureSetSpec::aggregated);
        Dataset<Row> result = joinsBack
                ? labels.withColumn(LABEL_ID, monotonically_increasing_id()).localCheckpoint(true) : labels;
        for (int i = 0; i < specs.size(); i++) {
            FeatureSetSpec spec = specs.get(i);
            if (spec.aggregated()) {
                Dataset<Row> features = aggregates(result, timestampColumn, spec, selections.get(i), maxAge);
                result = result.join(features, result.col(LABEL_ID).equalTo(features.col(LABEL_ID)), "left")
                        .drop(features.col(LABEL_ID));
            } else {
                result = latest(result, timestampColumn, spec, selections.get(i), maxAge);
            }
        }
        return joinsBack ? result.drop(LABEL_ID) : result;
    }

    /**
     * Row-level features: a sort-based as-of join, all in Spark's generated code. Labels (whole, in one struct) and
     * stored events are unioned and sorted once per key by (time, events before labels, partition, offset); each label
     * takes the last event before it ({@code last(…, ignoreNulls)} over the running window) — the newest event at or
     * before its time, in the online store's order — and comes out with its features, so nothing is joined back.
     * Times compare at the online store's precision, milliseconds: two events within one millisecond are ordered by
     * partition and offset in both stores, so the training data agrees with what was served.
     */
    /** A time truncated to the millisecond, the precision the online store keeps and orders events at. */
    private static Column toOnlinePrecision(Column time) {
        return date_trunc("MILLISECOND", time);
    }

    private Dataset<Row> latest(Dataset<Row> labels, String timestampColumn, FeatureSetSpec spec,
            List<ColumnSpec> selected, Duration maxAge) {
        Dataset<Row> stored = storedEvents(spec);
        List<Column> eventColumns = new ArrayList<>();
        List<Column> labelColumns = new ArrayList<>();
        for (int i = 0; i < spec.key().size(); i++) {
            String key = spec.key().get(i);
            eventColumns.add(col("`" + key + "`").as("__k" + i));
            labelColumns.add(col("`" + key + "`").cast(stored.schema().apply(key).dataType()).as("__k" + i));
        }
        List<Column> values = new ArrayList<>();
        values.add(col("`" + spec.timestampColumn() + "`").as("__event_time"));
        selected.forEach(c -> values.add(col("`" + c.name() + "`")));
        Column eventStruct = struct(values.toArray(Column[]::new));
        eventColumns.add(toOnlinePrecision(col("`" + spec.timestampColumn() + "`")).as("__t"));
        eventColumns.add(lit(0).as("__kind"));
        eventColumns.add(col(OfflineTable.PARTITION).as("__p"));
        eventColumns.add(col(OfflineTable.OFFSET).as("__o"));
        eventColumns.add(eventStruct.as("__f"));
        Column[] labelFields = Arrays.stream(labels.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        Column labelStruct = struct(labelFields);
        eventColumns.add(lit(null).cast(labels.schema()).as("__label"));
        Dataset<Row> events = stored.select(eventColumns.toArray(Column[]::new));

        labelColumns.add(toOnlinePrecision(col("`" + timestampColumn + "`")).as("__t"));
        labelColumns.add(lit(1).as("__kind"));
        labelColumns.add(lit(Integer.MAX_VALUE).as("__p"));
        labelColumns.add(lit(Long.MAX_VALUE).as("__o"));
        labelColumns.add(lit(null).cast(events.schema().apply("__f").dataType()).as("__f"));
        labelColumns.add(labelStruct.as("__label"));
        Dataset<Row> labelRows = labels.select(labelColumns.toArray(Column[]::new));

        Column[] keys = new Column[spec.key().size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = col("__k" + i);
        }
        WindowSpec upToHere = Window.partitionBy(keys).orderBy(col("__t"), col("__kind"), col("__p"), col("__o"))
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Dataset<Row> swept = events.unionByName(labelRows)
                .withColumn("__last", last(col("__f"), true).over(upToHere))
                .where(col("__kind").equalTo(1));
        Column fresh = maxAge.isZero() ? lit(true)
                : col("__t").cast("long").minus(col("__last.__event_time").cast("long"))
                        .leq(maxAge.toSeconds() + (maxAge.toNanos() % 1_000_000_000 == 0 ? 0 : 1));
        List<Column> out = new ArrayList<>();
        for (String c : labels.columns()) {
            out.add(col("__label").getField(c).as(c));
        }
        for (ColumnSpec c : selected) {
            out.add(when(fresh, col("__last.`" + c.name() + "`")).as(c.name()));
        }
        return swept.select(out.toArray(Column[]::new));
    }

    /**
     * Aggregates: co-group labels and stored events by key, and replay each key's events through the online job's
     * tile code for all its labels at once ({@link PointInTimeFunction}).
     */
    private Dataset<Row> aggregates(Dataset<Row> labels, String timestampColumn, FeatureSetSpec spec,
            List<ColumnSpec> selected, Duration maxAge) {
        List<ColumnSpec> stored = stored(spec);
        List<ColumnSpec> features = spec.featureColumns();
        int[] indexes = selected.stream().mapToInt(features::indexOf).toArray();

        List<Column> labelColumns = new ArrayList<>();
        labelColumns.add(col(LABEL_ID));
        labelColumns.add(col("`" + timestampColumn + "`"));
        spec.key().forEach(k -> labelColumns.add(col("`" + k + "`")));
        Dataset<Row> labelFrame = labels.select(labelColumns.toArray(Column[]::new));
        List<Column> eventColumns = new ArrayList<>();
        eventColumns.add(col("`" + spec.timestampColumn() + "`"));
        eventColumns.add(col(OfflineTable.PARTITION));
        eventColumns.add(col(OfflineTable.OFFSET));
        eventColumns.add(col(OfflineTable.KAFKA_TIMESTAMP));
        stored.forEach(c -> eventColumns.add(col("`" + c.name() + "`")));
        spec.key().forEach(k -> eventColumns.add(col("`" + k + "`")));
        Dataset<Row> eventFrame = storedEvents(spec).select(eventColumns.toArray(Column[]::new));

        StructType out = new StructType().add(LABEL_ID, DataTypes.LongType, false);
        for (ColumnSpec c : selected) {
            out = out.add(c.name(), ValueTypes.toSpark(c.type()), true);
        }
        PointInTimeFunction replay = new PointInTimeFunction(spec,
                new PointInTimeFunction.Labels(labelFrame.schema(), LABEL_ID, timestampColumn),
                EventColumns.of(RowLayout.of(eventFrame.schema()), spec,
                        stored.stream().map(ColumnSpec::name).toList()),
                new PointInTimeFunction.Output(out, LABEL_ID, selected), indexes, maxAge.toMillis());
        return labelFrame.groupByKey(keyOf(labelFrame, spec), Encoders.STRING())
                .cogroup(eventFrame.groupByKey(keyOf(eventFrame, spec), Encoders.STRING()), replay,
                        Encoders.row(out));
    }

    /** The stored events of {@code spec}: all of them, or those before {@link #before}'s offsets. */
    private Dataset<Row> storedEvents(FeatureSetSpec spec) {
        Dataset<Row> rows = table.read(spark, spec);
        if (before == null) {
            return rows;
        }
        if (spec.source().topics().size() != 1) {
            throw new FreshetException(spec.name(), "reads topics " + spec.source().topics() + "; retrieval before"
                    + " source offsets needs a single topic, because offline tables record partitions and offsets but"
                    + " not topics", null);
        }
        String topic = spec.source().topics().get(0);
        Column kept = lit(false);
        for (Map.Entry<Integer, Long> p : before.topics().getOrDefault(topic, Map.of()).entrySet()) {
            kept = kept.or(col(OfflineTable.PARTITION).equalTo(p.getKey())
                    .and(col(OfflineTable.OFFSET).lt(p.getValue())));
        }
        return rows.where(kept);
    }

    /** The stored columns the replay reads: the aggregation inputs. */
    private static List<ColumnSpec> stored(FeatureSetSpec spec) {
        return TiledAggregation.of(spec).layout().inputColumns().stream()
                .map(name -> spec.column(name).orElseThrow()).toList();
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

    /** The co-grouping key of {@code frame}'s rows: the encoded entity key (labels with a null key match nothing). */
    private static MapFunction<Row, String> keyOf(Dataset<Row> frame, FeatureSetSpec spec) {
        EntityKeyColumns key = EntityKeyColumns.of(RowLayout.of(frame.schema()), spec.key());
        return row -> key.anyNull(row) ? "\u0000null" : key.encode(row);
    }
}
