package dev.freshet.core.secret;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A secret's value, with its name. Its {@link #toString()} shows the name only, so that a secret logged, put in an
 * exception message or printed by a debugger's default view shows no value; {@link #value()} is for the client that
 * uses it, and nothing else.
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String value;

    /** The secret {@code name} with {@code value}. */
    public Secret(String name, String value) {
        this.name = requireNonNull(name, "name");
        this.value = requireNonNull(value, "value of secret " + name);
    }

    /** The secret's name. */
    public String name() {
        return name;
    }

    /** The value, for the client that authenticates with it only. */
    public String value() {
        return value;
    }

    /** The name and a mask, never the value: {@code secret kafka-password (****)}. */
    @Override
    public String toString() {
        return "secret " + name + " (****)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.name.equals(name) && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
