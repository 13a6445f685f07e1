package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.BatchFormat;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch source: historical events in files or a table, read in bulk (by a backfill) rather than streamed.
 *
 * @param name            name under which the source's rows are a SQL view
 * @param format          the storage format
 * @param location        the files' path or URI ({@code file:}, {@code s3a:}, …), or a table name when
 *                        {@code table} is true
 * @param table           whether {@code location} names a table of the session's catalog instead of a path
 * @param timestampColumn the column holding each event's time, a {@code timestamp}
 * @param fields          the declared schema, in order; empty when the schema is read from the data
 * @param options         Spark reader options ({@code header}, {@code delimiter}, {@code timestampFormat}, …)
 * @param declaringClass  fully qualified name of the class that declares the source, for messages
 */
public record BatchSourceSpec(String name, BatchFormat format, String location, boolean table, String timestampColumn,
        List<ColumnSpec> fields, Map<String, String> options, String declaringClass) implements Serializable {

    /** Checks every part and copies the collections. */
    public BatchSourceSpec {
        requireNonNull(name, "name");
        requireNonNull(format, "format");
        requireNonNull(location, "location");
        requireNonNull(timestampColumn, "timestampColumn");
        fields = List.copyOf(fields);
        options = Map.copyOf(options);
        requireNonNull(declaringClass, "declaringClass");
        if (location.isBlank()) {
            throw new IllegalArgumentException("batch source \"" + name + "\" has no location: give its path or table");
        }
        if (table && format != BatchFormat.DELTA) {
            throw new IllegalArgumentException("batch source \"" + name + "\" names a table, which only the DELTA"
                    + " format reads; give the " + format + " files' path instead");
        }
        if (!fields.isEmpty() && fields.stream().noneMatch(f -> f.name().equals(timestampColumn))) {
            throw new IllegalArgumentException("batch source \"" + name + "\" declares no timestamp column \""
                    + timestampColumn + "\"");
        }
    }

    /** Whether the schema is declared (rather than read from the data when a job starts). */
    public boolean declared() {
        return !fields.isEmpty();
    }

    /** The declared field called {@code column}, if any. */
    public Optional<ColumnSpec> field(String column) {
        return fields.stream().filter(f -> f.name().equals(column)).findFirst();
    }
}
