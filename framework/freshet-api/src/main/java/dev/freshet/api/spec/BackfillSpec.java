package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A feature set's backfill: its events before {@code end} come from batch sources instead of Kafka. The backfill SQL
 * runs over the sources (each a view under its name, filtered to its range) and outputs the stream source's columns,
 * which then go through the feature set's own transform and aggregations (ADR 0017).
 *
 * @param start   the first event time read, inclusive
 * @param end     the hand-off: events before it come from the batch sources, events at or after it from Kafka
 * @param sources the batch sources read, each with its range inside {@code [start, end)}; at least one
 * @param sql     the backfill SQL, whose output holds the stream source's columns with their types
 */
public record BackfillSpec(Instant start, Instant end, List<Source> sources, String sql) implements Serializable {

    /**
     * One batch source of a backfill and the part of the backfill's range read from it.
     *
     * @param source the batch source
     * @param start  the first event time read from it, inclusive, not before the backfill's start
     * @param end    the event time up to which it is read, exclusive, not after the backfill's end
     */
    public record Source(BatchSourceSpec source, Instant start, Instant end) implements Serializable {

        /** Checks every part. */
        public Source {
            requireNonNull(source, "source");
            requireNonNull(start, "start");
            requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("batch source \"" + source.name() + "\" is read from " + start
                        + " to " + end + ": its start must be before its end");
            }
        }
    }

    /** Checks every part and copies the list. */
    public BackfillSpec {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        sources = List.copyOf(sources);
        requireNonNull(sql, "sql");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a backfill from " + start + " to " + end + ": its start must be"
                    + " before its end");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a backfill reads at least one batch source");
        }
        if (sql.isBlank()) {
            throw new IllegalArgumentException("a backfill needs its SQL over the batch sources");
        }
        Set<String> names = new HashSet<>();
        for (Source s : sources) {
            if (s.start().isBefore(start) || s.end().isAfter(end)) {
                throw new IllegalArgumentException("batch source \"" + s.source().name() + "\" is read from "
                        + s.start() + " to " + s.end() + ", outside the backfill's range from " + start + " to " + end);
            }
            if (!names.add(s.source().name())) {
                throw new IllegalArgumentException("batch source \"" + s.source().name() + "\" is read twice");
            }
        }
    }
}
