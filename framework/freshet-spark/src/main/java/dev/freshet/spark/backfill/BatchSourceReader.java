package dev.freshet.spark.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.schema.ValueTypes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the events of a batch source within a time range, as a bounded {@link Dataset}: the declared columns in
 * order, or the data's own when the schema is not declared. The schema is checked before a row is read — a declared
 * column the data lacks or holds with another type, and a time column that is no timestamp, stop the read with one
 * error naming each — and rows whose event time is null are kept, for the pipeline to dead-letter, never dropped by
 * the range filter. Text formats (CSV, JSON) with a declared schema are read with it, strictly: a CSV header must name
 * the declared columns, and a value that does not parse fails the read (Spark's {@code FAILFAST} mode; a source's
 * own {@code mode} option overrides it).
 *
 * <pre>{@code
 * Dataset<Row> history = BatchSourceReader.read(spark, "user-transaction-aggregates", source,
 *         Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
 * }</pre>
 */
public final class BatchSourceReader {

    private BatchSourceReader() {}

    /**
     * The events of {@code source} with event time in {@code [from, until)}, and those without an event time.
     *
     * @param featureSet the feature set reading it, for messages
     * @throws FreshetException if the source cannot be read or its data has not the declared schema
     */
    public static Dataset<Row> read(SparkSession spark, String featureSet, BatchSourceSpec source, Instant from,
            Instant until) {
        return read(spark, featureSet, source, from, until, true);
    }

    /**
     * The events of {@code source} with event time in {@code [from, until)}, and, if {@code untimed}, those without
     * an event time (which a backfill read in slices takes in one slice only).
     *
     * @param featureSet the feature set reading it, for messages
     * @throws FreshetException if the source cannot be read or its data has not the declared schema
     */
    public static Dataset<Row> read(SparkSession spark, String featureSet, BatchSourceSpec source, Instant from,
            Instant until, boolean untimed) {
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("empty range [" + from + ", " + until + ") of batch source \""
                    + source.name() + "\"");
        }
        Dataset<Row> data = load(spark, featureSet, source);
        List<String> problems = new ArrayList<>();
        Dataset<Row> columns = data;
        if (source.declared()) {
            List<Column> declared = expectedColumns(data.schema(), source.fields(), "declared", problems);
            columns = problems.isEmpty() ? data.select(declared.toArray(Column[]::new)) : data;
        }
        Optional<StructField> time = field(columns.schema(), source.timestampColumn());
        if (time.isEmpty()) {
            problems.add("the time column \"" + source.timestampColumn() + "\" is missing");
        } else if (!source.declared() && ValueTypes.fromSpark(time.get().dataType())
                .filter(t -> t == ValueType.TIMESTAMP).isEmpty()) {
            problems.add("the time column \"" + source.timestampColumn() + "\" is "
                    + time.get().dataType().simpleString() + ", not a timestamp");
        }
        if (!problems.isEmpty()) {
            throw new FreshetException(featureSet, "batch source \"" + source.name() + "\" (" + describe(source)
                    + ") does not hold the data " + source.declaringClass() + " declares: " + String.join("; ",
                    problems) + ". Change the declaration to match the data, or convert the data", null, false);
        }
        Column t = col("`" + source.timestampColumn() + "`");
        Column inRange = t.geq(lit(Timestamp.from(from))).and(t.lt(lit(Timestamp.from(until))));
        return columns.where(untimed ? t.isNull().or(inRange) : inRange);
    }

    private static Dataset<Row> load(SparkSession spark, String featureSet, BatchSourceSpec source) {
        Map<String, String> options = new HashMap<>(source.options());
        if (source.format() == BatchFormat.CSV) {
            options.putIfAbsent("header", "true");
            if (!source.declared()) {
                options.putIfAbsent("inferSchema", "true");
            }
        }
        boolean text = source.format() == BatchFormat.CSV || source.format() == BatchFormat.JSON;
        if (text && source.declared()) {
            // Text formats carry no schema: read them as declared, a CSV header checked against the declared names
            // (not matched by position), and a value that does not parse failing the read instead of becoming null.
            options.putIfAbsent("mode", "FAILFAST");
            if (source.format() == BatchFormat.CSV) {
                options.putIfAbsent("enforceSchema", "false");
            }
        }
        DataFrameReader reader = spark.read().format(source.format().sparkFormat()).options(options);
        if (text && source.declared()) {
            reader = reader.schema(ValueTypes.schemaOf(source.fields()));
        }
        try {
            return source.table() ? reader.table(source.location()) : reader.load(source.location());
        } catch (Exception e) {
            // Scala throws AnalysisException (a checked exception to Java) without declaring it.
            if (e instanceof AnalysisException) {
                throw new FreshetException(featureSet, "batch source \"" + source.name() + "\" (" + describe(source)
                        + ") cannot be read: " + e.getMessage(), e, false);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * The {@code expected} columns of {@code schema}, in order and named as expected; each one missing, or of another
     * type, goes to {@code problems} instead (a mistyped one as {@code column "x" is bigint, <expectedBy> string}).
     */
    static List<Column> expectedColumns(StructType schema, List<ColumnSpec> expected, String expectedBy,
            List<String> problems) {
        List<Column> selected = new ArrayList<>();
        for (ColumnSpec c : expected) {
            Optional<StructField> f = field(schema, c.name());
            String type = ValueTypes.toSpark(c.type()).simpleString();
            if (f.isEmpty()) {
                problems.add("column \"" + c.name() + "\" (" + type + ") is missing");
            } else if (ValueTypes.fromSpark(f.get().dataType()).filter(t -> t == c.type()).isEmpty()) {
                problems.add("column \"" + c.name() + "\" is " + f.get().dataType().simpleString() + ", " + expectedBy
                        + " " + type);
            } else {
                selected.add(col("`" + f.get().name() + "`").as(c.name()));
            }
        }
        return selected;
    }

    /** The field called {@code name}, ignoring case as Spark's analyzer does by default. */
    static Optional<StructField> field(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static String describe(BatchSourceSpec source) {
        return source.format() + (source.table() ? " table " : " at ") + source.location();
    }
}
