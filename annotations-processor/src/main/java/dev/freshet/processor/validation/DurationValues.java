package dev.freshet.processor.validation;

import dev.freshet.core.time.DurationLiteral;
import dev.freshet.processor.model.Located;
import java.time.Duration;
import java.util.Optional;

/** Reads the duration literals of annotation attributes, reporting a bad one with the attribute's message. */
final class DurationValues {

    private DurationValues() {}

    /**
     * The positive duration {@code literal} denotes, or empty after reporting {@code message} on it with the literal
     * and the reason ({@link DurationLiteral#problem}) as arguments.
     */
    static Optional<Duration> positive(Located<String> literal, Message message, ValidationReport.Builder<?> report) {
        Optional<String> problem = DurationLiteral.problem(literal.value());
        if (problem.isPresent()) {
            report.error(literal, message, literal.value(), problem.get());
            return Optional.empty();
        }
        return Optional.of(DurationLiteral.parse(literal.value()));
    }

    /**
     * As {@link #positive}, for what Freshet keeps in whole seconds (online TTLs), reporting the reason
     * {@link DurationLiteral#wholeSecondsProblem} gives.
     */
    static Optional<Duration> wholeSeconds(Located<String> literal, Message message,
            ValidationReport.Builder<?> report) {
        Optional<String> problem = DurationLiteral.wholeSecondsProblem(literal.value());
        if (problem.isPresent()) {
            report.error(literal, message, literal.value(), problem.get());
            return Optional.empty();
        }
        return Optional.of(DurationLiteral.parse(literal.value()));
    }

    /** As {@link #positive}, also accepting zero ({@code "0s"}), for lateness and skew. */
    static Optional<Duration> zeroOrPositive(Located<String> literal, Message message,
            ValidationReport.Builder<?> report) {
        if (DurationLiteral.isZero(literal.value())) {
            return Optional.of(Duration.ZERO);
        }
        return positive(literal, message, report);
    }
}
