package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One parameter of a {@link SqlFunctionSpec}.
 *
 * @param name      the Java parameter's name, for messages
 * @param type      its type
 * @param primitive whether the Java type is primitive: a {@code null} argument then makes the result {@code null}
 *                  without calling the method
 */
public record SqlFunctionParameter(String name, SqlFunctionType type, boolean primitive) implements Serializable {
    /** Checks that the name and type are present. */
    public SqlFunctionParameter {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
