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
     * @throws IllegalArgumentException if it is not one; the message says what is wrong
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("an empty cron expression: write five fields, such as \"*/30 * * * *\"");
        }
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields != 5) {
            throw new IllegalArgumentException("\"" + expression + "\" has " + fields + " fields; a Unix cron expression"
                    + " has five: minute hour day-of-month month day-of-week, such as \"*/30 * * * *\"");
        }
        try {
            Cron cron = PARSER.parse(trimmed);
            cron.validate();
            return new CronSchedule(trimmed, cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + expression + "\" is not a valid Unix cron expression: "
                    + e.getMessage(), e);
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
