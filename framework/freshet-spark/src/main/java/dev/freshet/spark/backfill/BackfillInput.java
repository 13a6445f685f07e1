package dev.freshet.spark.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BackfillTransformSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.pipeline.SessionViews;
import dev.freshet.spark.row.ReservedColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * A backfill's events as the pipeline takes the stream's decoded records: the stream source's columns, in order, and
 * the {@link ReservedColumns#SOURCE} struct. Each batch source is read within its range ({@link BatchSourceReader})
 * and registered under its name for the backfill SQL (or the backfill's Java transform, called instead), whose output
 * must hold the stream source's columns with their types — checked before a row is read, naming each missing or
 * mistyped column.
 *
 * <p>Backfilled rows are no Kafka record's, so they get a synthetic position (ADR 0017): topic
 * {@value #TOPIC_PREFIX}{@code <feature set>}, partition {@value #PARTITION}, and offsets increasing with event
 * time within each key, so that replaying a key's backfilled events in offset order replays them in time order, under
 * a watermark of their own apart from the Kafka partitions'. Their Kafka timestamp is their event time.
 */
public final class BackfillInput {

    /** The topic of backfilled rows' positions is this and the feature set's name. */
    public static final String TOPIC_PREFIX = "backfill:";
    /** The partition of backfilled rows' positions: no Kafka partition is negative. */
    public static final int PARTITION = -1;

    private BackfillInput() {}

    /** Bits of a backfilled row's offset below its slice's index: offsets of later slices are larger. */
    static final int SLICE_SHIFT = 40;

    /** The events of {@code backfill} for {@code spec}, as decoded stream records are, all in one slice. */
    public static Dataset<Row> decoded(SparkSession spark, FeatureSetSpec spec, BackfillSpec backfill) {
        return decoded(spark, spec, backfill, backfill.start(), backfill.end(), 0);
    }

    /**
     * The events of {@code backfill} for {@code spec} with event time in {@code [from, until)}, slice {@code slice} of
     * the backfill (counted from 0 in time order), as decoded stream records are. A source's rows without an event time
     * are read with the slice its range starts in. A source whose range misses the slice is an empty view.
     */
    public static Dataset<Row> decoded(SparkSession spark, FeatureSetSpec spec, BackfillSpec backfill, Instant from,
            Instant until, long slice) {
        Map<String, Dataset<Row>> views = new LinkedHashMap<>();
        for (BackfillSpec.Source s : backfill.sources()) {
            Instant start = s.start().isAfter(from) ? s.start() : from;
            Instant end = s.end().isBefore(until) ? s.end() : until;
            views.put(s.source().name(), start.isBefore(end)
                    ? BatchSourceReader.read(spark, spec.name(), s.source(), start, end, start.equals(s.start()))
                    : BatchSourceReader.read(spark, spec.name(), s.source(), s.start(), s.end(), false)
                            .where(lit(false)));
        }
        Dataset<Row> output = SessionViews.with(spark, views, () -> backfill.transform()
                .map(t -> transformed(spark, spec, t))
                .orElseGet(() -> spark.sql(backfill.sql())));
        List<String> problems = new ArrayList<>();
        List<ColumnSpec> streamColumns = spec.source().fields().stream().map(f -> new ColumnSpec(f.column(), f.type()))
                .toList();
        List<Column> columns = BatchSourceReader.expectedColumns(output.schema(), streamColumns, "the source's is",
                problems);
        if (!problems.isEmpty()) {
            throw backfill.transform().isPresent()
                    ? FreshetErrors.backfillTransformSchema(spec.name(), backfill.transform().get().method(),
                            spec.source().name(), problems)
                    : FreshetErrors.backfillSchema(spec.name(), spec.source().name(), problems);
        }
        Column time = col("`" + spec.timestampColumn() + "`");
        Column[] keys = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
        // Offsets increase with event time within each key, and from slice to slice: replaying a key's backfilled
        // events in offset order replays them in time order.
        Column rank = row_number().over(Window.partitionBy(keys).orderBy(time));
        Dataset<Row> typed = output.select(columns.toArray(Column[]::new));
        columns = new ArrayList<>();
        for (ColumnSpec c : streamColumns) {
            columns.add(col("`" + c.name() + "`"));
        }
        columns.add(struct(lit(TOPIC_PREFIX + spec.name()).as("topic"), lit(PARTITION).as("partition"),
                lit(slice << SLICE_SHIFT).plus(rank.cast(DataTypes.LongType)).as("offset"),
                time.cast(DataTypes.TimestampType).as("timestamp")).as(ReservedColumns.SOURCE));
        return typed.select(columns.toArray(Column[]::new));
    }

    /**
     * The rows {@code transform} makes, called while the batch sources are views: a Dataset's plan is analysed as it is
     * built, so it holds the views' plans once the views are dropped.
     */
    @SuppressWarnings("unchecked")
    private static Dataset<Row> transformed(SparkSession spark, FeatureSetSpec spec, BackfillTransformSpec transform) {
        Object result;
        try {
            result = transform.invoker().apply(spark);
        } catch (RuntimeException e) {
            throw FreshetErrors.backfillTransformFailed(spec.name(), transform.method(), e);
        }
        if (!(result instanceof Dataset<?> rows)) {
            throw FreshetErrors.backfillTransformReturned(spec.name(), transform.method(),
                    result == null ? "null" : result.getClass().getName());
        }
        return (Dataset<Row>) rows;
    }
}
