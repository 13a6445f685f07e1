package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated streaming feature set: everything the engine needs to run its jobs and serve its features.
 *
 * <p>The annotation processor generates one per {@link dev.freshet.api.StreamingFeatureSet}, after checking every
 * rule that can be checked from the annotation values, including Spark's analysis of the SQL, whose output schema
 * is {@link #outputColumns()}.
 *
 * @param name            feature-set name: letters, digits, hyphens, at most 40 characters
 * @param key             key columns, at least one, all in {@code outputColumns}
 * @param source          the one source
 * @param timestampColumn event-time column, in {@code outputColumns}, of type timestamp
 * @param sql             row-level Spark SQL over the source's view
 * @param outputColumns   the transform's output schema, in select-list order
 * @param aggregations    event-time aggregations, or {@link WindowedAggregations#NONE} for a row-level feature set
 * @param features        the features the online store serves, in order: the output columns other than the key and
 *                        timestamp for a row-level feature set, one per aggregation and window otherwise
 * @param onlineTrigger   interval between micro-batches of the online job
 * @param offlineSchedule five-field Unix cron expression of the offline job
 * @param onlineTtl       how long a key stays in the online store after its last write; zero for the default
 * @param metadata        descriptive metadata
 * @param declaringClass  fully qualified name of the annotated class
 * @param functions       the {@link dev.freshet.api.SqlFunction}s the SQL calls, by name; the engine registers them
 *                        before it runs the SQL
 * @param datasetTransform the whole-Dataset transform that replaces the SQL ({@code sql} is then empty), or
 *                        {@code null} for a feature set transformed by its SQL; a plain nullable field, as
 *                        {@code Optional} is not serializable
 * @param recordTransform the typed record transform run on every decoded record ({@code sql} is then empty) or on
 *                        the SQL's output rows, or {@code null} for none; its output record gives
 *                        {@code outputColumns}
 * @param backfillSpec    the backfill that gives an aggregated set its events before the backfill's end from batch
 *                        data, or {@code null} for none; its end is a multiple of the tile size
 * @param sinks           the auxiliary Kafka sinks the jobs also write, with unique names; empty for none
 * @param clusterTemplates the size of cluster each job runs on when deployed; {@link ClusterTemplatesSpec#DEFAULT}
 *                        (also for {@code null}) when the feature set says nothing. A backfill size other than the
 *                        default needs a backfill
 */
public record FeatureSetSpec(
        String name,
        List<String> key,
        KafkaSourceSpec source,
        String timestampColumn,
        String sql,
        List<ColumnSpec> outputColumns,
        WindowedAggregations aggregations,
        List<ColumnSpec> features,
        Duration onlineTrigger,
        String offlineSchedule,
        Duration onlineTtl,
        MetadataSpec metadata,
        String declaringClass,
        List<SqlFunctionSpec> functions,
        DatasetTransformSpec datasetTransform,
        RecordTransformSpec recordTransform,
        BackfillSpec backfillSpec,
        List<KafkaSinkSpec> sinks,
        ClusterTemplatesSpec clusterTemplates) implements Serializable {

    /** A feature set transformed by its SQL. */
    public FeatureSetSpec(String name, List<String> key, KafkaSourceSpec source, String timestampColumn, String sql,
            List<ColumnSpec> outputColumns, WindowedAggregations aggregations, List<ColumnSpec> features,
            Duration onlineTrigger, String offlineSchedule, Duration onlineTtl, MetadataSpec metadata,
            String declaringClass, List<SqlFunctionSpec> functions) {
        this(name, key, source, timestampColumn, sql, outputColumns, aggregations, features, onlineTrigger,
                offlineSchedule, onlineTtl, metadata, declaringClass, functions, null, null, null, List.of(), null);
    }

    /** A feature set transformed by its SQL or by a whole-Dataset transform ({@code datasetTransform} not null). */
    public FeatureSetSpec(String name, List<String> key, KafkaSourceSpec source, String timestampColumn, String sql,
            List<ColumnSpec> outputColumns, WindowedAggregations aggregations, List<ColumnSpec> features,
            Duration onlineTrigger, String offlineSchedule, Duration onlineTtl, MetadataSpec metadata,
            String declaringClass, List<SqlFunctionSpec> functions, DatasetTransformSpec datasetTransform) {
        this(name, key, source, timestampColumn, sql, outputColumns, aggregations, features, onlineTrigger,
                offlineSchedule, onlineTtl, metadata, declaringClass, functions, datasetTransform, null, null,
                List.of(), null);
    }

    /** A feature set without a backfill. */
    public FeatureSetSpec(String name, List<String> key, KafkaSourceSpec source, String timestampColumn, String sql,
            List<ColumnSpec> outputColumns, WindowedAggregations aggregations, List<ColumnSpec> features,
            Duration onlineTrigger, String offlineSchedule, Duration onlineTtl, MetadataSpec metadata,
            String declaringClass, List<SqlFunctionSpec> functions, DatasetTransformSpec datasetTransform,
            RecordTransformSpec recordTransform) {
        this(name, key, source, timestampColumn, sql, outputColumns, aggregations, features, onlineTrigger,
                offlineSchedule, onlineTtl, metadata, declaringClass, functions, datasetTransform, recordTransform,
                null, List.of(), null);
    }

    /** A feature set without auxiliary sinks. */
    public FeatureSetSpec(String name, List<String> key, KafkaSourceSpec source, String timestampColumn, String sql,
            List<ColumnSpec> outputColumns, WindowedAggregations aggregations, List<ColumnSpec> features,
            Duration onlineTrigger, String offlineSchedule, Duration onlineTtl, MetadataSpec metadata,
            String declaringClass, List<SqlFunctionSpec> functions, DatasetTransformSpec datasetTransform,
            RecordTransformSpec recordTransform, BackfillSpec backfillSpec) {
        this(name, key, source, timestampColumn, sql, outputColumns, aggregations, features, onlineTrigger,
                offlineSchedule, onlineTtl, metadata, declaringClass, functions, datasetTransform, recordTransform,
                backfillSpec, List.of(), null);
    }

    /** A feature set whose jobs all run on the default cluster template, {@link ClusterTemplatesSpec#DEFAULT}. */
    public FeatureSetSpec(String name, List<String> key, KafkaSourceSpec source, String timestampColumn, String sql,
            List<ColumnSpec> outputColumns, WindowedAggregations aggregations, List<ColumnSpec> features,
            Duration onlineTrigger, String offlineSchedule, Duration onlineTtl, MetadataSpec metadata,
            String declaringClass, List<SqlFunctionSpec> functions, DatasetTransformSpec datasetTransform,
            RecordTransformSpec recordTransform, BackfillSpec backfillSpec, List<KafkaSinkSpec> sinks) {
        this(name, key, source, timestampColumn, sql, outputColumns, aggregations, features, onlineTrigger,
                offlineSchedule, onlineTtl, metadata, declaringClass, functions, datasetTransform, recordTransform,
                backfillSpec, sinks, null);
    }

    /** Checks every part and copies the lists. */
    public FeatureSetSpec {
        requireNonNull(name, "name");
        key = List.copyOf(key);
        requireNonNull(source, "source");
        requireNonNull(timestampColumn, "timestampColumn");
        requireNonNull(sql, "sql");
        outputColumns = List.copyOf(outputColumns);
        requireNonNull(aggregations, "aggregations");
        features = List.copyOf(features);
        requireNonNull(onlineTrigger, "onlineTrigger");
        requireNonNull(offlineSchedule, "offlineSchedule");
        requireNonNull(onlineTtl, "onlineTtl");
        requireNonNull(metadata, "metadata");
        requireNonNull(declaringClass, "declaringClass");
        functions = List.copyOf(functions);
        sinks = List.copyOf(sinks);
        clusterTemplates = clusterTemplates == null ? ClusterTemplatesSpec.DEFAULT : clusterTemplates;
        if (datasetTransform != null && (!sql.isEmpty() || !functions.isEmpty())) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has both SQL and a Dataset transform");
        }
        if (datasetTransform != null && recordTransform != null) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has both a Dataset transform and a record"
                    + " transform");
        }
        Set<String> functionNames = new HashSet<>();
        for (SqlFunctionSpec f : functions) {
            if (!functionNames.add(f.name())) {
                throw new IllegalArgumentException("feature set \"" + name + "\" has two functions called \""
                        + f.name() + "\"");
            }
        }
        Set<String> sinkNames = new HashSet<>();
        for (KafkaSinkSpec sink : sinks) {
            if (!sinkNames.add(sink.name())) {
                throw new IllegalArgumentException("feature set \"" + name + "\" has two sinks called \""
                        + sink.name() + "\"");
            }
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has no key column");
        }
        for (String column : key) {
            requireOutput(name, outputColumns, column, "key column");
        }
        requireOutput(name, outputColumns, timestampColumn, "timestamp column");
        for (AggregationSpec a : aggregations.aggregations()) {
            requireOutput(name, outputColumns, a.column(), "aggregation column");
        }
        Set<String> names = new HashSet<>();
        for (ColumnSpec f : features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("feature set \"" + name + "\" has two features called \""
                        + f.name() + "\"");
            }
        }
        if (backfillSpec != null && !aggregations.present()) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has a backfill but no aggregations: a"
                    + " backfill seeds the windows of an aggregated feature set");
        }
        if (backfillSpec != null && backfillSpec.end().toEpochMilli() % aggregations.tileSize().toMillis() != 0) {
            throw new IllegalArgumentException("feature set \"" + name + "\": the backfill's end " + backfillSpec.end()
                    + " is not a multiple of the tile size " + aggregations.tileSize());
        }
        if (backfillSpec == null && clusterTemplates.backfill() != ClusterTemplatesSpec.DEFAULT.backfill()) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has a backfill cluster template ("
                    + clusterTemplates.backfill() + ") but no backfill: remove it, or declare the backfill");
        }
        if (!aggregations.present() && !features.equals(rowLevelFeatures(outputColumns, key, timestampColumn))) {
            throw new IllegalArgumentException("feature set \"" + name + "\": the features of a row-level feature set"
                    + " are its output columns other than the key and timestamp columns");
        }
    }

    /** The output column called {@code name}, if there is one. */
    public Optional<ColumnSpec> column(String name) {
        return outputColumns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The features the online store serves, in order. */
    public List<ColumnSpec> featureColumns() {
        return features;
    }

    /** The whole-Dataset transform that replaces the SQL, if the feature set has one. */
    public Optional<DatasetTransformSpec> dataset() {
        return Optional.ofNullable(datasetTransform);
    }

    /** The backfill of the feature set's events before its end, if it has one. */
    public Optional<BackfillSpec> backfill() {
        return Optional.ofNullable(backfillSpec);
    }

    /** The typed record transform run on the decoded records or after the SQL, if the feature set has one. */
    public Optional<RecordTransformSpec> record() {
        return Optional.ofNullable(recordTransform);
    }

    /** Whether the feature set aggregates over windows (otherwise it is row-level). */
    public boolean aggregated() {
        return aggregations.present();
    }

    /** The features of a row-level feature set: the output columns but the key and timestamp columns. */
    public static List<ColumnSpec> rowLevelFeatures(List<ColumnSpec> outputColumns, List<String> key,
            String timestampColumn) {
        return outputColumns.stream()
                .filter(c -> !key.contains(c.name()) && !c.name().equals(timestampColumn))
                .toList();
    }

    private static void requireOutput(String featureSet, List<ColumnSpec> output, String column, String role) {
        if (output.stream().noneMatch(c -> c.name().equals(column))) {
            throw new IllegalArgumentException("feature set \"" + featureSet + "\": " + role + " \"" + column
                    + "\" is not an output column of the transform");
        }
    }
}
