package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ValueType;
import java.io.Serializable;

/**
 * One output column of a feature set's transform, with the type Spark's analyzer gave it at compile time.
 *
 * @param name column name, as the transform's select list spells it
 * @param type value type of the column
 */
public record ColumnSpec(String name, ValueType type) implements Serializable {
    /** Checks that both parts are present. */
    public ColumnSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
