package dev.freshet.deploy.operator;

import dev.freshet.core.schedule.CronSchedule;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A feature set's offline schedule as the Spark Operator reads it. Freshet's schedules are five-field Unix cron
 * ({@link CronSchedule}, cron-utils' Unix dialect); the operator parses a {@code ScheduledSparkApplication}'s
 * {@code schedule} with Go's {@code robfig/cron} standard parser, also five fields, with the same ranges, lists, steps,
 * names and day-of-month/day-of-week rule, but whose day of week runs from 0 (Sunday) to 6 only: Unix cron's 7, and
 * the name {@code SUN}, which cron-utils reads as 7 (so {@code MON-SUN} is a forward range there and a backward one
 * in Go), are refused or misread by the operator. Such a day-of-week field is rewritten as the days it means, with
 * Sunday as 0; every other expression is kept as written.
 *
 * <pre>{@code
 * OperatorSchedule.of("0 3 * * MON-SUN").schedule(); // "0 3 * * 0-6", converted() is true
 * OperatorSchedule.of("*}{@code /30 * * * *").schedule(); // unchanged
 * }</pre>
 *
 * @param freshet   the expression as the feature set (or its override) writes it
 * @param schedule  the expression for the operator's {@code schedule}
 */
public record OperatorSchedule(String freshet, String schedule) {

    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /**
     * The operator's form of {@code expression}.
     *
     * @throws IllegalArgumentException if {@code expression} is not a five-field Unix cron expression, saying why
     */
    public static OperatorSchedule of(String expression) {
        String written = CronSchedule.parse(expression).expression();
        String[] fields = written.split("\\s+");
        if (namesSeventhDay(fields[4])) {
            fields[4] = days(fields[4]);
        }
        return new OperatorSchedule(written, String.join(" ", fields));
    }

    /** Whether the operator's form differs from Freshet's. */
    public boolean converted() {
        return !freshet.equals(schedule);
    }

    /** Whether a day-of-week field uses 7 or SUN, which Go's parser does not read as Unix cron does. */
    private static boolean namesSeventhDay(String field) {
        if (field.startsWith("*")) {
            // "*" and "*/n" mean the same in both (a step from 0): and a field starting with "*" is unrestricted for
            // the day-of-month/day-of-week rule in both, which a rewrite into a list would change.
            return false;
        }
        for (String item : field.split(",")) {
            for (String bound : item.split("/")[0].split("-")) {
                if (bound.equals("7") || bound.equalsIgnoreCase("SUN")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The days (0-6, Sunday 0) a day-of-week field means, as ranges and lists. */
    private static String days(String field) {
        TreeSet<Integer> days = new TreeSet<>();
        for (String item : field.split(",")) {
            String[] stepped = item.split("/");
            int step = stepped.length == 2 ? Integer.parseInt(stepped[1]) : 1;
            String base = stepped[0];
            int from;
            int to;
            if (base.equals("*")) {
                from = 0;
                to = 7;
            } else if (base.contains("-")) {
                String[] range = base.split("-");
                from = day(range[0]);
                to = day(range[1]);
            } else {
                from = day(base);
                // "n/s" is "n-7/s" in Unix cron
                to = stepped.length == 2 ? 7 : from;
            }
            for (int d = from; d <= to; d += step) {
                days.add(d % 7);
            }
        }
        StringBuilder out = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (int d : days) {
            if (start == null) {
                start = d;
            } else if (d != previous + 1) {
                append(out, start, previous);
                start = d;
            }
            previous = d;
        }
        append(out, start, previous);
        return out.toString();
    }

    private static void append(StringBuilder out, int from, int to) {
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(from == to ? String.valueOf(from) : to == from + 1 ? from + "," + to : from + "-" + to);
    }

    /** A day as cron-utils reads it: 0-7 or a name, {@code SUN} being 7. */
    private static int day(String token) {
        if (token.matches("\\d+")) {
            return Integer.parseInt(token);
        }
        int index = DAY_NAMES.indexOf(token.toUpperCase(Locale.ROOT));
        return index == 0 ? 7 : index;
    }
}
