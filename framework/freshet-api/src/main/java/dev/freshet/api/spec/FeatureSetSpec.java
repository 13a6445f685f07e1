package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.io.Serializable;

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
 * @param onlineTrigger   interval between micro-batches of the online job
 * @param offlineSchedule five-field Unix cron expression of the offline job
 * @param onlineTtl       how long a key stays in the online store after its last write; zero keeps it
 * @param metadata        descriptive metadata
 * @param declaringClass  fully qualified name of the annotated class
 */
public record FeatureSetSpec(
        String name,
        List<String> key,
        KafkaSourceSpec source,
        String timestampColumn,
        String sql,
        List<ColumnSpec> outputColumns,
        Duration onlineTrigger,
        String offlineSchedule,
        Duration onlineTtl,
        MetadataSpec metadata,
        String declaringClass) implements Serializable {

    /** Checks every part and copies the lists. */
    public FeatureSetSpec {
        requireNonNull(name, "name");
        key = List.copyOf(key);
        requireNonNull(source, "source");
        requireNonNull(timestampColumn, "timestampColumn");
        requireNonNull(sql, "sql");
        outputColumns = List.copyOf(outputColumns);
        requireNonNull(onlineTrigger, "onlineTrigger");
        requireNonNull(offlineSchedule, "offlineSchedule");
        requireNonNull(onlineTtl, "onlineTtl");
        requireNonNull(metadata, "metadata");
        requireNonNull(declaringClass, "declaringClass");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("feature set \"" + name + "\" has no key column");
        }
        for (String column : key) {
            requireOutput(name, outputColumns, column, "key column");
        }
        requireOutput(name, outputColumns, timestampColumn, "timestamp column");
    }

    /** The output column called {@code name}, if there is one. */
    public Optional<ColumnSpec> column(String name) {
        return outputColumns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The output columns that are features: all but the key columns and the timestamp column. */
    public List<ColumnSpec> featureColumns() {
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
