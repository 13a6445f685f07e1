package dev.freshet.core.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field Unix cron schedule ({@code minute hour day-of-month month day-of-week}), as the reference product
 * uses for offline ingestion: {@code "*}{@code /30 * * * *"} runs every 30 minutes. Ranges, steps, lists and names
 * ({@code MON}, {@code JAN}) are accepted; when both day fields are restricted, a day matching either one runs, as in
 * Unix cron. Runs are computed in a given time zone.
 *
 * <p>The parsing is cron-utils' Unix dialect, shared by the annotation processor and the runtime scheduler so that
 * an expression accepted at compile time is never rejected at run time. Instances are immutable and thread-safe.
 */
public final class CronSchedule {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** How to write an expression, for messages. */
    private static final String FIX = "write five fields (minute hour day-of-month month day-of-week), such as"
            + " \"*/30 * * * *\"";

    private final String expression;
    private final Cron cron;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.cron = cron;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a five-field Unix cron expression.
     *
     * @throws IllegalArgumentException if it is not one; the message quotes it, says why (as {@link #problem} does)
     *     and how to write one (the parser's exception is the cause, when there is one)
     */
    public static CronSchedule parse(String expression) {
        Parsed parsed = read(expression);
        if (parsed.problem() != null) {
            throw new IllegalArgumentException("\"" + (expression == null ? "" : expression) + "\" "
                    + parsed.problem() + ": " + FIX, parsed.cause());
        }
        return new CronSchedule(expression.trim(), parsed.cron());
    }

    /**
     * Why {@code expression} is not a five-field Unix cron expression, if it is not: a phrase to follow the quoted
     * expression that names the field at fault, what it takes and examples, such as {@code has 61 in its minute
     * field, which takes 0-59 (such as "0", "*}{@code /15" or "0,30")}. Callers add how to write an expression.
     */
    public static Optional<String> problem(String expression) {
        return Optional.ofNullable(read(expression).problem());
    }

    private record Parsed(Cron cron, String problem, IllegalArgumentException cause) {
    }

    private static Parsed read(String expression) {
        if (expression == null || expression.isBlank()) {
            return new Parsed(null, "is empty", null);
        }
        String trimmed = expression.trim();
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            return new Parsed(null, "has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
                    + ", not five", null);
        }
        try {
            Cron cron = PARSER.parse(trimmed);
            cron.validate();
            return new Parsed(cron, null, null);
        } catch (IllegalArgumentException e) {
            // cron-utils decides what is valid (so that nothing accepted here is refused by the scheduler, or the other
            // way round); reading the fields only explains its refusal, naming the field.
            String why = Field.problem(fields).orElseGet(() -> "is not a valid Unix cron expression: "
                    + String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", ""));
            return new Parsed(null, why, e);
        }
    }

    /** The five fields, what each takes, and examples that are valid there. */
    private enum Field {
        MINUTE("minute", 0, 59, List.of(), "0-59", "\"0\", \"*/15\" or \"0,30\""),
        HOUR("hour", 0, 23, List.of(), "0-23", "\"6\", \"9-17\" or \"*/2\""),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of(), "1-31", "\"1\", \"1,15\" or \"*/2\""),
        MONTH("month", 1, 12,
                List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
                "1-12 or JAN-DEC", "\"1\", \"JAN-MAR\" or \"*/3\""),
        // cron-utils reads SUN as 7 (so SUN-MON is a backward range); 0 is Sunday too.
        DAY_OF_WEEK("day-of-week", 0, 7, List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"),
                "0-7 or SUN-SAT, 0 and 7 being Sunday", "\"1\", \"MON-FRI\" or \"0,6\"");

        private final String label;
        private final int min;
        private final int max;
        private final List<String> names;
        private final String takes;
        private final String examples;

        Field(String label, int min, int max, List<String> names, String takes, String examples) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.takes = takes;
            this.examples = examples;
        }

        /** What is wrong with the first field at fault, if this reading finds it. */
        static Optional<String> problem(String[] fields) {
            for (Field f : values()) {
                Optional<String> problem = f.check(fields[f.ordinal()]);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }

        private Optional<String> check(String field) {
            if (field.startsWith(",") || field.endsWith(",") || field.contains(",,")) {
                return Optional.of("has an empty item in the list \"" + field + "\" of its " + label + " field (a list"
                        + " is written such as \"1,15\")");
            }
            for (String item : field.split(",", -1)) {
                Optional<String> problem = checkItem(item);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }

        private Optional<String> checkItem(String item) {
            String[] stepped = item.split("/", -1);
            if (item.isEmpty() || stepped.length > 2) {
                return unreadable(item);
            }
            if (stepped.length == 2) {
                if (!stepped[1].matches("\\d+")) {
                    return unreadable(item);
                }
                int step = Integer.parseInt(stepped[1].length() > 3 ? "999" : stepped[1]);
                if (step < 1 || step > max) {
                    return Optional.of("has the step " + stepped[1] + " in its " + label + " field, which takes"
                            + " steps of 1-" + max + " (such as \"*/" + Math.min(max, 15) + "\")");
                }
            }
            String base = stepped[0];
            if (base.equals("*")) {
                return Optional.empty();
            }
            String[] range = base.split("-", -1);
            if (range.length > 2) {
                return unreadable(item);
            }
            Integer[] bounds = new Integer[range.length];
            for (int i = 0; i < range.length; i++) {
                Optional<Integer> value = value(range[i]);
                if (value.isEmpty()) {
                    return unreadable(range[i].isEmpty() ? item : range[i]);
                }
                if (value.get() < min || value.get() > max) {
                    return Optional.of("has " + range[i] + " in its " + label + " field, which takes " + takes
                            + " (such as " + examples + ")");
                }
                bounds[i] = value.get();
            }
            if (range.length == 2 && bounds[0] > bounds[1]) {
                return Optional.of("has the range " + base + " in its " + label + " field, which ends before it starts;"
                        + " ranges do not wrap around: write \"" + forwards(bounds[0], bounds[1]) + "\"");
            }
            return Optional.empty();
        }

        /** A backward range {@code from-to} written forwards: wrapped around the field's end into two ranges. */
        private String forwards(int from, int to) {
            if (this == DAY_OF_WEEK && from == 7) {
                return "0-" + to;
            }
            int last = this == DAY_OF_WEEK ? 6 : max;
            String high = from == last ? String.valueOf(from) : from + "-" + last;
            String low = to == min ? String.valueOf(to) : min + "-" + to;
            return high + "," + low;
        }

        private Optional<Integer> value(String token) {
            if (token.matches("\\d+")) {
                return Optional.of(token.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(token));
            }
            int name = names.indexOf(token.toUpperCase(Locale.ROOT));
            if (name < 0) {
                return Optional.empty();
            }
            // JAN is 1; MON is 1 and SUN 7, as cron-utils reads names.
            return Optional.of(name + 1);
        }

        private Optional<String> unreadable(String token) {
            return Optional.of("has \"" + token + "\" in its " + label + " field, which takes " + takes
                    + ", with ranges, lists and steps (such as " + examples + ")");
        }
    }

    /** The expression as written (trimmed). */
    public String expression() {
        return expression;
    }

    /** The first run strictly after {@code after}, in {@code zone}; empty if the schedule never runs again. */
    public Optional<Instant> nextRunAfter(Instant after, ZoneId zone) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The last run at or before {@code atOrBefore}, in {@code zone}, if there was one. */
    public Optional<Instant> lastRunAtOrBefore(Instant atOrBefore, ZoneId zone) {
        ZonedDateTime t = ZonedDateTime.ofInstant(atOrBefore, zone);
        if (executionTime.isMatch(t.withSecond(0).withNano(0)) && t.getSecond() == 0 && t.getNano() == 0) {
            return Optional.of(atOrBefore);
        }
        return executionTime.lastExecution(t).map(ZonedDateTime::toInstant);
    }

    /** A description for logs, such as "every 30 minutes". */
    public String describe() {
        return CronDescriptor.instance(Locale.UK).describe(cron);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && other.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
