package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ValueType;
import java.io.Serializable;

/**
 * One column of a source schema: a component of the source record.
 *
 * @param column   column name in SQL, the record component's name
 * @param jsonName JSON member the value is read from; usually equal to {@code column}
 * @param type     value type of the column
 */
public record SourceFieldSpec(String column, String jsonName, ValueType type) implements Serializable {
    /** Checks that every part is present. */
    public SourceFieldSpec {
        requireNonNull(column, "column");
        requireNonNull(jsonName, "jsonName");
        requireNonNull(type, "type");
    }
}
