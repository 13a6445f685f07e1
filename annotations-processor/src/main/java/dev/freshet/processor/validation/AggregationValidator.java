package dev.freshet.processor.validation;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.naming.FeatureNames;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import dev.freshet.processor.model.AggregateDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SqlAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a feature set's event-time aggregations in two steps: how they are windowed ({@link #windowing}: windows,
 * {@code tileSize}, {@code allowedLateness}, {@code maxEventTimeSkew}, and that aggregations and windows come
 * together), which needs only the annotation; then the aggregations themselves against the SQL's output
 * ({@link #aggregations}: columns, types, aliases, feature names).
 */
public final class AggregationValidator {

    /**
     * How aggregations are windowed, as parsed.
     *
     * @param windows   the windows, in declaration order (empty for a row-level feature set)
     * @param tileSize  the finest tile
     * @param lateness  allowed lateness
     * @param skew      maximum event-time skew
     */
    public record Windowing(List<Window> windows, Duration tileSize, Duration lateness, Duration skew) {
        /** Copies the list. */
        public Windowing {
            windows = List.copyOf(windows);
        }
    }

    /**
     * The aggregations of a valid feature set.
     *
     * @param aggregations the aggregations and how they are windowed, {@link WindowedAggregations#NONE} for none
     * @param features     the aggregate features, aggregation-major (empty for none)
     */
    public record Aggregations(WindowedAggregations aggregations, List<ColumnSpec> features) {
        /** Copies the list. */
        public Aggregations {
            features = List.copyOf(features);
        }
    }

    /** A validator of aggregations. */
    public AggregationValidator() {}

    /** What is wrong with the windowing attributes of {@code declaration}. */
    public ValidationReport<Windowing> windowing(FeatureSetDeclaration declaration) {
        ValidationReport.Builder<Windowing> report = ValidationReport.about(declaration.element());
        String name = declaration.effectiveName();
        boolean aggregates = !declaration.aggregations().isEmpty();
        if (!declaration.windows().isEmpty() && !aggregates) {
            report.error(declaration.windows().get(0), Message.WINDOWS_WITHOUT_AGGREGATIONS, name,
                    declaration.key().isEmpty() ? "user_id" : declaration.key().get(0).value());
        }
        if (aggregates && declaration.windows().isEmpty()) {
            report.error(declaration.aggregationsValue(), Message.AGGREGATIONS_WITHOUT_WINDOWS, name);
        }
        Optional<Duration> tileSize = tileSize(declaration.tileSize(), report);
        List<Window> windows = new ArrayList<>();
        Map<Window, String> written = new HashMap<>();
        for (Located<String> literal : declaration.windows()) {
            Optional<String> problem = Window.problem(literal.value());
            if (problem.isPresent()) {
                report.error(literal, Message.WINDOW_INVALID, literal.value(), problem.get());
                continue;
            }
            Window window = Window.parse(literal.value());
            String previous = written.putIfAbsent(window, literal.value());
            if (previous != null) {
                report.error(literal, Message.WINDOW_DUPLICATE, literal.value(), previous, window.label());
            } else if (tileSize.isPresent() && TilePlan.problem(List.of(window), tileSize.get()).isPresent()) {
                String tile = DurationLiteral.format(tileSize.get());
                report.error(literal, Message.WINDOW_NOT_MULTIPLE, literal.value(), tile, tile,
                        DurationLiteral.format(finerTile(window, tileSize.get())));
            } else {
                windows.add(window);
            }
        }
        Optional<Duration> lateness = DurationValues.zeroOrPositive(declaration.allowedLateness(),
                Message.LATENESS_INVALID, report);
        Optional<Duration> skew = DurationValues.zeroOrPositive(declaration.maxEventTimeSkew(), Message.SKEW_INVALID,
                report);
        return report.build(() -> new Windowing(windows, tileSize.orElseThrow(), lateness.orElseThrow(),
                skew.orElseThrow()));
    }

    private static Optional<Duration> tileSize(Located<String> literal, ValidationReport.Builder<?> report) {
        Optional<String> problem = DurationLiteral.problem(literal.value());
        if (problem.isPresent()) {
            report.error(literal, Message.TILE_SIZE_INVALID, literal.value(), problem.get(), tileSizes());
            return Optional.empty();
        }
        Duration tileSize = DurationLiteral.parse(literal.value());
        if (TilePlan.tileSizeProblem(tileSize).isPresent()) {
            report.error(literal, Message.TILE_SIZE_OFF_LADDER, literal.value(), tileSizes());
            return Optional.empty();
        }
        return Optional.of(tileSize);
    }

    /** The tile sizes a feature set may declare, as the rule of {@link TilePlan#tileSizeProblem} has them. */
    private static String tileSizes() {
        return TilePlan.LADDER.stream().filter(d -> TilePlan.tileSizeProblem(d).isEmpty())
                .map(DurationLiteral::format).collect(Collectors.joining(", "));
    }

    /** The coarsest allowed tile finer than {@code tileSize} that divides {@code window} (1 s divides every window). */
    private static Duration finerTile(Window window, Duration tileSize) {
        Duration finer = TilePlan.LADDER.get(0);
        for (Duration d : TilePlan.LADDER) {
            if (d.compareTo(tileSize) < 0 && TilePlan.tileSizeProblem(d).isEmpty()
                    && TilePlan.problem(List.of(window), d).isEmpty()) {
                finer = d;
            }
        }
        return finer;
    }

    /**
     * What is wrong with the aggregations of {@code declaration} over the SQL's {@code output} (every column of a
     * type the store holds); their spec and
     * features if nothing is and the {@code windowing} is valid. Feature names are checked over the windows that
     * parse, whatever else is wrong with the windowing (reported by {@link #windowing}).
     */
    public ValidationReport<Aggregations> aggregations(FeatureSetDeclaration declaration,
            Optional<Windowing> windowing, List<SqlAnalysis.Column> output) {
        ValidationReport.Builder<Aggregations> report = ValidationReport.about(declaration.element());
        if (declaration.aggregations().isEmpty()) {
            // A row-level set keeps its event-time settings: the maximum skew applies to it too.
            return report.build(() -> new Aggregations(windowing.map(w -> new WindowedAggregations(List.of(),
                    List.of(), w.tileSize(), w.lateness(), w.skew())).orElse(WindowedAggregations.NONE), List.of()));
        }
        List<String> names = output.stream().map(SqlAnalysis.Column::name).toList();
        for (AggregateDeclaration a : declaration.aggregations()) {
            String column = a.column().value();
            Optional<SqlAnalysis.Column> input = output.stream().filter(c -> c.name().equals(column)).findFirst();
            if (input.isEmpty()) {
                report.error(a.column(), Message.AGGREGATION_UNKNOWN_COLUMN, column,
                        Message.didYouMean(DidYouMean.closest(column, names)), String.join(", ", names));
                continue;
            }
            AggregateFunction function = a.function().value();
            ValueType type = input.get().type();
            if (!function.accepts(type)) {
                Conversion conversion = Conversion.of(function, type);
                report.error(a.column(), conversion.message(), function, column, input.get().sparkType(),
                        freshName(column + conversion.suffix(), names));
            }
            if (!a.alias().value().isEmpty() && !a.alias().value().matches("[a-z][a-z0-9_]*")) {
                report.error(a.alias(), Message.AGGREGATION_ALIAS_INVALID, a.alias().value());
            }
        }
        List<Window> windows = windowing.map(Windowing::windows).orElseGet(() -> parsedWindows(declaration));
        if (report.hasErrors() || windows.isEmpty()) {
            return report.build();
        }
        List<AggregationSpec> specs = declaration.aggregations().stream()
                .map(a -> new AggregationSpec(a.function().value(), a.column().value(), a.alias().value()))
                .toList();
        Optional<int[]> collision = FeatureNames.collision(specs, windows);
        if (collision.isPresent()) {
            int first = collision.get()[0];
            int second = collision.get()[1];
            AggregateDeclaration at = declaration.aggregations().get(second);
            String feature = specs.get(second).prefix() + "_" + windows.get(0).label();
            return report.error(at.alias().source() != null ? at.alias() : at.column(),
                    Message.FEATURE_NAME_COLLISION, first + 1, second + 1, feature).build();
        }
        if (windowing.isEmpty()) {
            return report.build();
        }
        return report.build(() -> {
            List<String> featureNames = FeatureNames.of(specs, windows);
            List<ColumnSpec> features = new ArrayList<>();
            int i = 0;
            for (AggregationSpec a : specs) {
                ValueType input = output.stream().filter(c -> c.name().equals(a.column())).findFirst().orElseThrow()
                        .type();
                for (int w = 0; w < windows.size(); w++) {
                    features.add(new ColumnSpec(featureNames.get(i++), a.function().resultType(input)));
                }
            }
            Windowing settings = windowing.get();
            return new Aggregations(new WindowedAggregations(specs, windows.stream().map(Window::length).toList(),
                    settings.tileSize(), settings.lateness(), settings.skew()), features);
        });
    }

    /**
     * How to turn a column the function does not accept into one it does: the message showing the expression, and the
     * suffix of the new column's name. The new column always gets a new name, so that the hint never replaces the
     * key or the event time (which the SQL must still select as they are).
     */
    private record Conversion(Message message, String suffix) {
        static Conversion of(AggregateFunction function, ValueType type) {
            if (function.bool()) {
                return type.numeric() ? new Conversion(Message.AGGREGATION_NUMBER_NOT_BOOLEAN, "_positive")
                        : new Conversion(Message.AGGREGATION_NOT_BOOLEAN, "_present");
            }
            return switch (type) {
                case TIMESTAMP -> new Conversion(Message.AGGREGATION_TIMESTAMP_NOT_NUMERIC, "_millis");
                case DATE -> new Conversion(Message.AGGREGATION_DATE_NOT_NUMERIC, "_days");
                case BOOLEAN -> new Conversion(Message.AGGREGATION_BOOLEAN_NOT_NUMERIC, "_int");
                default -> new Conversion(Message.AGGREGATION_STRING_NOT_NUMERIC, "_number");
            };
        }
    }

    /** {@code name}, or {@code name_2}, {@code name_3} …, whichever the SQL does not output yet. */
    private static String freshName(String name, List<String> taken) {
        String fresh = name;
        for (int i = 2; taken.stream().anyMatch(fresh::equalsIgnoreCase); i++) {
            fresh = name + "_" + i;
        }
        return fresh;
    }

    /** The distinct windows that parse, for checks that do not need the whole windowing to be valid. */
    private static List<Window> parsedWindows(FeatureSetDeclaration declaration) {
        List<Window> windows = new ArrayList<>();
        for (Located<String> literal : declaration.windows()) {
            // A window that does not parse is reported by windowing().
            if (Window.problem(literal.value()).isEmpty() && !windows.contains(Window.parse(literal.value()))) {
                windows.add(Window.parse(literal.value()));
            }
        }
        return windows;
    }
}
