package dev.freshet.spark.offline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.schema.ValueTypes;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The Delta Lake tables of the offline store: one per feature set, at {@code <root>/freshet_<name>} (the name made
 * catalog-safe: {@code user-transactions} becomes {@code freshet_user_transactions}).
 *
 * <p>A table holds every transformed event the feature set's SQL produced, exactly as the online job aggregates or
 * stores them: the SQL's output columns, then the event's source position and ingestion metadata, partitioned by the
 * event's UTC date:
 *
 * <pre>
 * &lt;output columns of the SQL, as declared&gt;   key columns, event time, features or aggregation inputs
 * __partition         int        Kafka partition
 * __offset            bigint     Kafka offset
 * __kafka_timestamp   timestamp  Kafka record timestamp
 * __writer            string     id of the offline job's checkpoint that wrote the row
 * __batch_id          bigint     micro-batch of that job
 * __ingested_at       timestamp  when the row was written
 * __event_date        date       partition column: the event time's date (UTC)
 * </pre>
 *
 * Point-in-time retrieval reads features from these rows with the same code the online store is fed by, so both
 * agree (see {@code docs/adr/0009-offline-table-holds-events.md}).
 */
public final class OfflineTable {

    /** Kafka partition of the event. */
    public static final String PARTITION = ReservedColumns.PARTITION;
    /** Kafka offset of the event. */
    public static final String OFFSET = ReservedColumns.OFFSET;
    /** Kafka timestamp of the event's record. */
    public static final String KAFKA_TIMESTAMP = ReservedColumns.KAFKA_TIMESTAMP;
    /** Id of the writing job's checkpoint. */
    public static final String WRITER = ReservedColumns.WRITER;
    /** Micro-batch of the writing job. */
    public static final String BATCH = ReservedColumns.BATCH;
    /** When the row was written. */
    public static final String INGESTED_AT = ReservedColumns.INGESTED_AT;
    /** Partition column: the event's UTC date. */
    public static final String EVENT_DATE = ReservedColumns.EVENT_DATE;

    private final String root;

    /** Tables under {@code root}, a directory or any Hadoop file system URI. */
    public OfflineTable(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** The catalog-safe table name of {@code featureSet}. */
    public static String tableName(String featureSet) {
        return "freshet_" + featureSet.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Where {@code featureSet}'s table lives. */
    public String path(String featureSet) {
        return root + "/" + tableName(featureSet);
    }

    /** The table schema of {@code spec}. */
    public static StructType schema(FeatureSetSpec spec) {
        return ValueTypes.schemaOf(spec.outputColumns()).add(PARTITION, DataTypes.IntegerType, true)
                .add(OFFSET, DataTypes.LongType, true)
                .add(KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
                .add(WRITER, DataTypes.StringType, true)
                .add(BATCH, DataTypes.LongType, true)
                .add(INGESTED_AT, DataTypes.TimestampType, true)
                .add(EVENT_DATE, DataTypes.DateType, true);
    }

    /** Whether {@code featureSet}'s table exists. */
    public boolean exists(SparkSession spark, String featureSet) {
        // Delta's own test, which wants a committed version: a run stopped during the table's first commit leaves
        // an empty _delta_log behind, which is no table yet (the next run creates it).
        return DeltaTable.isDeltaTable(spark, path(featureSet));
    }

    /**
     * Checks that an existing table can take the rows {@code spec} writes: every column it holds is still written,
     * with the same type. Columns {@code spec} adds are allowed: the next append adds them to the table (Delta's
     * {@code mergeSchema}), and rows written before hold null in them.
     *
     * @param checkpoint the offline job's checkpoint directory, which a reset deletes with the table
     * @throws FreshetException listing each column removed or retyped: Freshet never drops or retypes a table's column
     */
    public void checkSchema(SparkSession spark, FeatureSetSpec spec, String checkpoint) {
        if (!exists(spark, spec.name())) {
            return;
        }
        StructType actual = spark.read().format("delta").load(path(spec.name())).schema();
        Map<String, StructField> expected = new LinkedHashMap<>();
        for (StructField f : schema(spec).fields()) {
            expected.put(f.name(), f);
        }
        List<String> changes = new ArrayList<>();
        for (StructField f : actual.fields()) {
            StructField now = expected.get(f.name());
            if (now == null) {
                changes.add("column removed: " + f.name() + " " + typeName(f.dataType()));
            } else if (!now.dataType().simpleString().equals(f.dataType().simpleString())) {
                changes.add("column " + f.name() + ": " + typeName(f.dataType()) + " -> " + typeName(now.dataType()));
            }
        }
        if (!changes.isEmpty()) {
            throw FreshetErrors.incompatibleOfflineTable(spec.name(), path(spec.name()), checkpoint, changes,
                    spec.source().startingOffsets().name());
        }
    }

    private static String typeName(DataType type) {
        return ValueTypes.fromSpark(type).map(Enum::name).orElse(type.simpleString());
    }

    /**
     * The last micro-batch {@code writer} committed to {@code featureSet}'s table, or -1 if none: Delta skips an
     * append whose {@code txnVersion} is at or below it, without running its query.
     */
    public long committedBatch(SparkSession spark, String featureSet, String writer) {
        if (!exists(spark, featureSet)) {
            return -1;
        }
        // Delta's own record of idempotent appends (the SetTransaction actions), which decides whether it skips one.
        Snapshot snapshot = DeltaLog.forTable(spark, path(featureSet)).update(false, Option.empty(), Option.empty());
        Option<Object> version = snapshot.transactions().get(writer);
        return version.isDefined() ? ((Number) version.get()).longValue() : -1;
    }

    /**
     * The rows of {@code spec}'s table, with every output column of {@code spec}: a column added to the feature set
     * since the table was last appended to is null in the rows written before.
     */
    public Dataset<Row> read(SparkSession spark, FeatureSetSpec spec) {
        if (!exists(spark, spec.name())) {
            return spark.createDataFrame(List.of(), schema(spec));
        }
        Dataset<Row> rows = spark.read().format("delta").load(path(spec.name()));
        List<String> stored = List.of(rows.columns());
        for (ColumnSpec c : spec.outputColumns()) {
            if (!stored.contains(c.name())) {
                rows = rows.withColumn(c.name(), lit(null).cast(ValueTypes.toSpark(c.type())));
            }
        }
        return rows;
    }

    /**
     * Appends the feature rows among {@code pipelineRows} (a micro-batch of the pipeline) idempotently: Delta records
     * {@code (writer, batchId)} and skips a batch it already committed, so a batch replayed after a crash adds
     * nothing twice.
     *
     * @param files files written per date of the batch; compaction merges small files later
     */
    public void append(Dataset<Row> pipelineRows, FeatureSetSpec spec, String writer, long batchId, int files) {
        List<Column> columns = new ArrayList<>();
        for (ColumnSpec c : spec.outputColumns()) {
            columns.add(col("`" + c.name() + "`"));
        }
        columns.add(col(PARTITION));
        columns.add(col(OFFSET));
        columns.add(col(KAFKA_TIMESTAMP));
        columns.add(lit(writer).as(WRITER));
        columns.add(lit(batchId).as(BATCH));
        columns.add(current_timestamp().as(INGESTED_AT));
        columns.add(to_date(col("`" + spec.timestampColumn() + "`")).as(EVENT_DATE));
        pipelineRows.where(col(ReservedColumns.KIND).equalTo(ReservedColumns.FEATURES))
                .select(columns.toArray(Column[]::new))
                .coalesce(files)
                .write()
                .format("delta")
                .mode("append")
                .option("txnAppId", writer)
                .option("txnVersion", batchId)
                // Adds the columns a changed feature set writes and the table lacks; checkSchema has refused any
                // other difference before the job started.
                .option("mergeSchema", "true")
                .partitionBy(EVENT_DATE)
                .save(path(spec.name()));
    }

}
