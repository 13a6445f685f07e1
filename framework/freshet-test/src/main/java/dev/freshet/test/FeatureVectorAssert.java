package dev.freshet.test;

import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a feature vector read from a {@link FeatureSetTestDriver} (or from the online client): its
 * features' values, that one is null or absent, or that there is no vector at all. A failure shows the whole vector
 * and the records the driver was sent for its key. Numbers compare by value: {@code hasFeature("n", 2)} holds for a
 * long 2, and a double feature equals a double within 1e-9.
 *
 * <pre>{@code
 * FreshetAssertions.assertThat(driver.features("user-spending", "u1"))
 *         .hasFeature("amount_sum_1h", 42.0)
 *         .hasNoFeature("amount_avg_1d");
 * }</pre>
 */
public final class FeatureVectorAssert extends AbstractAssert<FeatureVectorAssert, Optional<FeatureVector>> {

    private static final double TOLERANCE = 1e-9;

    FeatureVectorAssert(Optional<FeatureVector> actual) {
        super(actual, FeatureVectorAssert.class);
    }

    /** Checks there is a vector and that its feature {@code name} has the value {@code expected}. */
    public FeatureVectorAssert hasFeature(String name, Object expected) {
        FeatureVector vector = present("feature \"" + name + "\" = " + expected);
        FeatureValue value = vector.features().get(name);
        if (value == null) {
            throw failure("feature \"" + name + "\" = " + expected, "the feature set has no feature \"" + name
                    + "\"; its features are " + vector.features().keySet());
        }
        if (!sameValue(value.value(), expected)) {
            throw failure("feature \"" + name + "\" = " + describe(expected), "it is " + describe(value.value()));
        }
        return this;
    }

    /** Checks every entry of {@code expected} as {@link #hasFeature} does. */
    public FeatureVectorAssert hasFeatures(Map<String, ?> expected) {
        expected.forEach(this::hasFeature);
        return this;
    }

    /** Checks there is a vector and that its feature {@code name} is null (no value, such as an empty window's avg). */
    public FeatureVectorAssert hasNoFeature(String name) {
        FeatureVector vector = present("no value for feature \"" + name + "\"");
        FeatureValue value = vector.features().get(name);
        if (value == null) {
            throw failure("no value for feature \"" + name + "\"", "the feature set has no feature \"" + name
                    + "\"; its features are " + vector.features().keySet());
        }
        if (value.value() != null) {
            throw failure("no value for feature \"" + name + "\"", "it is " + describe(value.value()));
        }
        return this;
    }

    /** Checks there is no vector: the store holds nothing for the key. */
    public FeatureVectorAssert isEmpty() {
        isNotNull();
        if (actual.isPresent()) {
            throw failure("no vector", "there is one");
        }
        return this;
    }

    /** Checks there is a vector. */
    public FeatureVectorAssert isPresent() {
        present("a vector");
        return this;
    }

    private FeatureVector present(String expectation) {
        isNotNull();
        if (actual.isEmpty()) {
            throw failure(expectation, "there is no vector: the store holds nothing for the key");
        }
        return actual.get();
    }

    private static boolean sameValue(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e && !(actual instanceof java.math.BigDecimal)) {
            boolean integral = !(a instanceof Double || a instanceof Float) && !(e instanceof Double
                    || e instanceof Float);
            return integral ? a.longValue() == e.longValue()
                    : Math.abs(a.doubleValue() - e.doubleValue()) <= TOLERANCE * Math.max(1, Math.abs(e.doubleValue()));
        }
        if (actual instanceof java.math.BigDecimal a && expected instanceof java.math.BigDecimal e) {
            return a.compareTo(e) == 0;
        }
        return Objects.equals(actual, expected);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private AssertionError failure(String expectation, String found) {
        StringBuilder message = new StringBuilder();
        if (info.description() != null && !info.descriptionText().isEmpty()) {
            message.append('[').append(info.descriptionText()).append("] ");
        }
        message.append("expected ").append(expectation).append(", but ").append(found).append('.');
        LastRead read = LastRead.current();
        if (actual.isPresent()) {
            FeatureVector v = actual.get();
            message.append("\nvector of ").append(v.featureSet()).append(' ').append(v.key().values())
                    .append(" (newest event ").append(v.eventTime()).append("):");
            v.features().forEach((name, value) -> message.append("\n  ").append(name).append(" = ")
                    .append(value.value()));
        } else if (read != null) {
            message.append("\nno vector of ").append(read.featureSet()).append(' ').append(read.key());
        }
        if (read != null && (actual.isEmpty() || (read.featureSet().equals(actual.get().featureSet())
                && read.key().equals(actual.get().key().values())))) {
            List<SentRecord> events = read.events();
            message.append("\nrecords sent for the key (").append(events.size()).append("):");
            message.append(events.isEmpty() ? "\n  none" : events.stream().map(e -> "\n  " + e)
                    .collect(Collectors.joining()));
        }
        return new AssertionError(message.toString());
    }
}
