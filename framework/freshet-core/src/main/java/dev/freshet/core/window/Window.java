package dev.freshet.core.window;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.time.DurationLiteral;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The length of an aggregation window: a positive whole number of seconds. Its {@link #label()} is the canonical
 * literal used in feature names ({@code 60s} and {@code 1 minute} are both {@code 1m}).
 *
 * @param length the window's length
 */
public record Window(Duration length) implements Serializable, Comparable<Window> {

    /** Checks that the length is a positive whole number of seconds. */
    public Window {
        requireNonNull(length, "length");
        if (length.isNegative() || length.isZero() || length.toMillis() % 1000 != 0 || length.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("a window is a positive whole number of seconds, not "
                    + DurationLiteral.format(length.isNegative() || length.isZero() ? Duration.ofMillis(1) : length));
        }
    }

    /** How windows are written, for messages. */
    public static final String FORMS = "a whole number of seconds, minutes, hours or days: <n>s, <n>m, <n>h or <n>d,"
            + " or spelled out (\"1 minute\", \"3 hours\", \"7 day\")";

    /**
     * The window {@code text} denotes, such as {@code "1h"} or {@code "7 day"}.
     *
     * @throws IllegalArgumentException if it is not a duration, or not a whole number of seconds; the message quotes
     *     it, says why (as {@link #problem} does) and how windows are written
     */
    public static Window parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("\"" + text + "\" " + problem.get() + ": write " + FORMS
                    + ", such as \"10s\" or \"7d\"");
        }
        return new Window(DurationLiteral.parse(text));
    }

    /**
     * Why {@code text} is not a window, if it is not: a phrase to follow the quoted literal, those of
     * {@link DurationLiteral#problem} or {@code is not a whole number of seconds} ({@code "500ms"}).
     */
    public static Optional<String> problem(String text) {
        return DurationLiteral.wholeSecondsProblem(text);
    }

    /** The canonical literal, such as {@code "1m"}. */
    public String label() {
        return DurationLiteral.format(length);
    }

    /** The length in milliseconds. */
    public long millis() {
        return length.toMillis();
    }

    @Override
    public int compareTo(Window other) {
        return length.compareTo(other.length);
    }

    @Override
    public String toString() {
        return label();
    }
}
