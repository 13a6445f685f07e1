package dev.freshet.spark.backfill;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * How a feature set's backfill runs: its id and its slices. The range {@code [start, end)} is cut into slices of
 * {@code sliceLength} (the last one shorter), read and appended one after the other; each slice is one batch of the
 * backfill, committed on its own, so that a backfill stopped part-way resumes with the first slice not committed.
 *
 * @param spec     the feature set
 * @param backfill its backfill, the batch sources' locations resolved
 * @param id       the backfill's id: {@code backfill-} and a fingerprint of everything that decides its rows (range,
 *                 batch sources, SQL or transform method, and the feature set's transform and columns); the Delta
 *                 writer id of its rows
 * @param slices   the slices, in time order
 */
public record BackfillPlan(FeatureSetSpec spec, BackfillSpec backfill, String id, List<Slice> slices) {

    /**
     * One slice of the range.
     *
     * @param index its place, from 0: the batch id of its append
     * @param from  its first event time, inclusive
     * @param until its end, exclusive
     */
    public record Slice(long index, Instant from, Instant until) {

        /** The batch sources whose range overlaps this slice, as {@code name (location)}, for messages. */
        public List<String> sources(BackfillSpec backfill) {
            List<String> names = new ArrayList<>();
            for (BackfillSpec.Source s : backfill.sources()) {
                if (s.start().isBefore(until) && s.end().isAfter(from)) {
                    names.add("batch source \"" + s.source().name() + "\" (" + s.source().format() + " "
                            + s.source().location() + ")");
                }
            }
            return names;
        }
    }

    /** Checks the parts and copies the slices. */
    public BackfillPlan {
        requireNonNull(spec, "spec");
        requireNonNull(backfill, "backfill");
        requireNonNull(id, "id");
        slices = List.copyOf(slices);
    }

    /**
     * The plan of {@code spec}'s backfill in slices of {@code sliceLength}.
     *
     * @throws IllegalArgumentException if {@code spec} has no backfill, or the length is not positive
     */
    public static BackfillPlan of(FeatureSetSpec spec, Duration sliceLength) {
        return of(spec, sliceLength, UnaryOperator.identity());
    }

    /**
     * The plan of {@code spec}'s backfill in slices of {@code sliceLength}, reading each batch source at the location
     * {@code locations} resolves its declared one to (the Spring Boot starter resolves {@code ${…}} placeholders from
     * the application's configuration). The id stays the declaration's.
     *
     * @throws IllegalArgumentException if {@code spec} has no backfill, or the length is not positive
     */
    public static BackfillPlan of(FeatureSetSpec spec, Duration sliceLength, UnaryOperator<String> locations) {
        BackfillSpec declared = spec.backfill().orElseThrow(() -> new IllegalArgumentException("feature set \""
                + spec.name() + "\" declares no backfill"));
        List<BackfillSpec.Source> sources = new ArrayList<>();
        for (BackfillSpec.Source s : declared.sources()) {
            BatchSourceSpec b = s.source();
            sources.add(new BackfillSpec.Source(new BatchSourceSpec(b.name(), b.format(),
                    locations.apply(b.location()), b.table(), b.timestampColumn(), b.fields(), b.options(),
                    b.declaringClass()), s.start(), s.end()));
        }
        BackfillSpec backfill = new BackfillSpec(declared.start(), declared.end(), sources, declared.sql(),
                declared.transform().orElse(null));
        if (sliceLength.isNegative() || sliceLength.isZero()) {
            throw new IllegalArgumentException("a backfill's slice length must be positive, not " + sliceLength);
        }
        List<Slice> slices = new ArrayList<>();
        long index = 0;
        for (Instant from = backfill.start(); from.isBefore(backfill.end()); from = from.plus(sliceLength)) {
            Instant until = from.plus(sliceLength);
            slices.add(new Slice(index++, from, until.isAfter(backfill.end()) ? backfill.end() : until));
        }
        return new BackfillPlan(spec, backfill, id(spec).orElseThrow(), slices);
    }

    /** The id of {@code spec}'s backfill, if it has one (see {@link #id()}). */
    public static Optional<String> id(FeatureSetSpec spec) {
        return spec.backfill().map(b -> "backfill-" + fingerprint(spec, b));
    }

    /** The share of the range the slices up to {@code slice} (included) cover, from 0 to 1. */
    public double shareDone(Slice slice) {
        return (double) Duration.between(backfill.start(), slice.until()).toMillis()
                / Duration.between(backfill.start(), backfill.end()).toMillis();
    }

    private static String fingerprint(FeatureSetSpec spec, BackfillSpec backfill) {
        StringBuilder text = new StringBuilder();
        text.append(backfill.start()).append('\n').append(backfill.end()).append('\n').append(backfill.sql())
                .append('\n');
        // A transform by its method's name: its invoker is a lambda, whose text differs from one run to the next.
        backfill.transform().ifPresent(t -> text.append(t.method()).append('\n'));
        for (BackfillSpec.Source s : backfill.sources()) {
            BatchSourceSpec b = s.source();
            text.append(b.name()).append(' ').append(b.format()).append(' ').append(b.location()).append(' ')
                    .append(b.table()).append(' ').append(b.timestampColumn()).append(' ').append(s.start())
                    .append(' ').append(s.end()).append(' ').append(new TreeMap<>(b.options()));
            for (ColumnSpec c : b.fields()) {
                text.append(' ').append(c.name()).append(':').append(c.type());
            }
            text.append('\n');
        }
        // The feature set's own transform turns the backfilled rows into the stored ones.
        text.append(spec.sql()).append('\n').append(spec.record()).append('\n')
                .append(spec.dataset().map(DatasetTransformSpec::method)).append('\n');
        for (ColumnSpec c : spec.outputColumns()) {
            text.append(c.name()).append(':').append(c.type()).append(' ');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
