package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A feature set's backfill: its events before {@code end} come from batch sources instead of Kafka. The backfill SQL
 * (or its Java transform) runs over the sources (each a view under its name, filtered to its range) and outputs the
 * stream source's columns, which then go through the feature set's own transform and aggregations (ADR 0017).
 *
 * @param start         the first event time read, inclusive
 * @param end           the hand-off: events before it come from the batch sources, events at or after it from Kafka
 * @param sources       the batch sources read, each with its range inside {@code [start, end)}; at least one
 * @param sql           the backfill SQL, whose output holds the stream source's columns with their types; empty when
 *                      the backfill has a transform
 * @param transformSpec the Java transform that makes the rows instead of the SQL, or {@code null} for the SQL; a
 *                      plain nullable field, as {@code Optional} is not serializable
 */
public record BackfillSpec(Instant start, Instant end, List<Source> sources, String sql,
        BackfillTransformSpec transformSpec) implements Serializable {

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

    /** A backfill whose rows the SQL makes. */
    public BackfillSpec(Instant start, Instant end, List<Source> sources, String sql) {
        this(start, end, sources, sql, null);
    }

    /** Checks every part, that exactly one of the SQL and the transform is given, and copies the list. */
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
        if (sql.isBlank() && transformSpec == null) {
            throw new IllegalArgumentException("a backfill needs its SQL or its transform over the batch sources");
        }
        if (!sql.isBlank() && transformSpec != null) {
            throw new IllegalArgumentException("a backfill has its SQL or its transform " + transformSpec.method()
                    + ", not both");
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

    /** The Java transform that makes the backfill's rows instead of the SQL, if it has one. */
    public Optional<BackfillTransformSpec> transform() {
        return Optional.ofNullable(transformSpec);
    }
}
