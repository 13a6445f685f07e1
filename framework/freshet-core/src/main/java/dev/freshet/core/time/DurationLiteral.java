package dev.freshet.core.time;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the duration literals of Freshet's annotations: a positive whole number and a unit, such as
 * {@code "500ms"}, {@code "5s"}, {@code "1m"}, {@code "3h"} or {@code "7d"}. The spelled-out units of the reference
 * product are accepted too ({@code "1 minute"}, {@code "3 hours"}, {@code "7 day"}), as is whitespace between number
 * and unit. The canonical form, used in feature names, is the short form in the largest unit that divides the
 * duration: 60 seconds is {@code "1m"}, 90 seconds is {@code "90s"}.
 */
public final class DurationLiteral {

    /** What to tell a user who wrote something else. */
    public static final String FORMS = "<n>ms, <n>s, <n>m, <n>h or <n>d";

    private static final Pattern LITERAL = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]+)\\s*");
    private static final Pattern DECIMAL = Pattern.compile("\\s*\\d*[.,]\\d+\\s*[a-zA-Z]+\\s*");

    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("ms", Duration.ofMillis(1)),
            Map.entry("millisecond", Duration.ofMillis(1)),
            Map.entry("milliseconds", Duration.ofMillis(1)),
            Map.entry("s", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)),
            Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)),
            Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)),
            Map.entry("hour", Duration.ofHours(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)),
            Map.entry("day", Duration.ofDays(1)),
            Map.entry("days", Duration.ofDays(1)));

    private static final Duration[] CANONICAL_UNITS = {
        Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)
    };
    private static final String[] CANONICAL_SUFFIXES = {"d", "h", "m", "s", "ms"};

    private DurationLiteral() {}

    /**
     * The duration {@code text} denotes.
     *
     * @throws IllegalArgumentException if {@code text} is not a positive duration literal; the message quotes it, says
     *     why (as {@link #problem} does) and shows the accepted forms
     */
    public static Duration parse(String text) {
        Reading reading = read(text);
        if (reading.problem() != null) {
            String quoted = "\"" + (text == null ? "" : text) + "\" " + reading.problem();
            throw new IllegalArgumentException(reading.tooLong() ? quoted
                    : quoted + ": write " + FORMS + ", such as \"5s\" or \"7d\"", reading.cause());
        }
        return reading.duration();
    }

    /**
     * Why {@code text} is not a positive duration literal, if it is not: a phrase to follow the quoted literal, such
     * as {@code is empty}, {@code is not a duration}, {@code is not a whole number} ({@code "1.5h"}),
     * {@code has an unknown unit "sec"}, {@code is zero} or {@code is too long: …}. Callers add what to write instead.
     */
    public static Optional<String> problem(String text) {
        return Optional.ofNullable(read(text).problem());
    }

    /**
     * Why {@code text} is not a positive whole number of seconds, if it is not: the reasons of {@link #problem}, or
     * {@code is not a whole number of seconds} ({@code "500ms"}, {@code "1500ms"}). For what Freshet keeps in whole
     * seconds: windows, and online TTLs (Redis expires keys in whole seconds).
     */
    public static Optional<String> wholeSecondsProblem(String text) {
        Reading reading = read(text);
        if (reading.problem() != null) {
            return Optional.of(reading.problem());
        }
        return reading.duration().toMillis() % 1000 != 0 ? Optional.of("is not a whole number of seconds")
                : Optional.empty();
    }

    private record Reading(Duration duration, String problem, boolean tooLong, Exception cause) {
        static Reading of(Duration duration) {
            return new Reading(duration, null, false, null);
        }

        static Reading failed(String problem) {
            return new Reading(null, problem, false, null);
        }

        static Reading tooLong(Exception cause) {
            return new Reading(null, "is too long: at most " + Long.MAX_VALUE + "ms (about 292 million years)", true,
                    cause);
        }
    }

    private static Reading read(String text) {
        if (text == null || text.isBlank()) {
            return Reading.failed("is empty");
        }
        Matcher m = LITERAL.matcher(text);
        if (!m.matches()) {
            return Reading.failed(DECIMAL.matcher(text).matches() ? "is not a whole number" : "is not a duration");
        }
        Duration unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return Reading.failed("has an unknown unit \"" + m.group(2) + "\"");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Reading.tooLong(e);
        }
        if (amount == 0) {
            return Reading.failed("is zero");
        }
        try {
            Duration duration = unit.multipliedBy(amount);
            // Bounded by what format() can write back: a duration whose milliseconds overflow a long has no literal.
            duration.toMillis();
            return Reading.of(duration);
        } catch (ArithmeticException e) {
            return Reading.tooLong(e);
        }
    }

    /**
     * Whether {@code text} is a zero duration in a known unit, such as {@code "0s"}, {@code "0 seconds"} or
     * {@code "00m"}: for settings where zero means none (allowed lateness, skew), which {@link #parse} refuses.
     * {@code "0parsecs"} is no duration at all, zero or not.
     */
    public static boolean isZero(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = LITERAL.matcher(text);
        return m.matches() && m.group(1).chars().allMatch(c -> c == '0')
                && UNITS.containsKey(m.group(2).toLowerCase(Locale.ROOT));
    }

    /** The canonical literal of a positive duration, in the largest unit that divides it: {@code "1m"}, {@code "90s"}. */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("only positive durations have a literal, not " + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(duration + " is finer than a millisecond and has no literal");
        }
        long millis;
        try {
            millis = duration.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(duration + " is too long to have a literal", e);
        }
        for (int i = 0; i < CANONICAL_UNITS.length; i++) {
            long unitMillis = CANONICAL_UNITS[i].toMillis();
            if (millis % unitMillis == 0) {
                return (millis / unitMillis) + CANONICAL_SUFFIXES[i];
            }
        }
        throw new AssertionError("a millisecond divides every duration");
    }
}
