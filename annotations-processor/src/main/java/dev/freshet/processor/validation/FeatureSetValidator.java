package dev.freshet.processor.validation;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.naming.FeatureNames;
import dev.freshet.core.naming.FeatureSetName;
import dev.freshet.core.schedule.CronSchedule;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import dev.freshet.processor.model.AggregateDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.sql.SqlAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.ElementKind;

/**
 * Checks a {@code @StreamingFeatureSet} against its source and Spark's analysis of its SQL, and turns it into its
 * spec. Every problem is reported (not only the first); checks that need the SQL's output are skipped when the SQL
 * itself failed, so that one mistake gives one error.
 */
public final class FeatureSetValidator {

    private final Diagnostics diagnostics;
    private final SparkSqlAnalyzer sql;

    /** A validator reporting to {@code diagnostics}, analysing SQL with {@code sql}. */
    public FeatureSetValidator(Diagnostics diagnostics, SparkSqlAnalyzer sql) {
        this.diagnostics = diagnostics;
        this.sql = sql;
    }

    /** The effective name of {@code declaration}: the explicit one, or the default from the class name. */
    public static String name(FeatureSetDeclaration declaration) {
        String explicit = declaration.name().value();
        return explicit.isEmpty() ? FeatureSetName.fromClassName(declaration.element().getSimpleName().toString())
                : explicit;
    }

    /**
     * The spec of {@code declaration}, or empty after reporting what is wrong.
     *
     * @param sources the valid sources of the compilation, by name
     * @param invalidSources names of sources that had errors (reported already)
     */
    public Optional<FeatureSetSpec> validate(FeatureSetDeclaration declaration, Map<String, KafkaSourceSpec> sources,
            Set<String> invalidSources) {
        int before = diagnostics.errors();
        ElementKind kind = declaration.element().getKind();
        if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
            diagnostics.error(declaration.element(), declaration.annotation(), null, Message.FEATURE_SET_NOT_A_CLASS,
                    kind.toString().toLowerCase(Locale.ROOT).replace('_', ' '), declaration.element().getSimpleName());
            return Optional.empty();
        }
        String name = checkName(declaration);
        Duration trigger = duration(declaration.onlineTrigger(), Message.TRIGGER_INVALID);
        checkSchedule(declaration.offlineSchedule());
        Duration ttl = declaration.onlineTtl().value().isEmpty() ? Duration.ZERO
                : duration(declaration.onlineTtl(), Message.TTL_INVALID);
        checkKey(declaration, name);
        Settings settings = checkAggregationSettings(declaration, name);

        String sourceName = declaration.source().value();
        KafkaSourceSpec source = sources.get(sourceName);
        if (source == null) {
            if (!invalidSources.contains(sourceName)) {
                Set<String> known = new TreeSet<>(sources.keySet());
                known.addAll(invalidSources);
                diagnostics.error(declaration.source(), Message.SOURCE_UNKNOWN, sourceName,
                        DidYouMean.hint(sourceName, known), known.isEmpty() ? "none" : String.join(", ", known));
            }
            return Optional.empty();
        }
        List<ColumnSpec> output = checkSql(declaration, source);
        if (output == null) {
            return Optional.empty();
        }
        List<ColumnSpec> features = checkAggregations(declaration, output, settings);
        if (diagnostics.errors() > before) {
            return Optional.empty();
        }
        List<String> key = declaration.key().stream().map(Located::value).toList();
        WindowedAggregations aggregations = settings.aggregations(declaration);
        if (!aggregations.present()) {
            features = FeatureSetSpec.rowLevelFeatures(output, key, declaration.timestamp().value());
        }
        return Optional.of(new FeatureSetSpec(name, key, source,
                declaration.timestamp().value(), declaration.sql().value(), output, aggregations, features, trigger,
                declaration.offlineSchedule().value().trim(), ttl,
                new MetadataSpec(declaration.owner(), declaration.description(), declaration.displayName()),
                declaration.element().getQualifiedName().toString()));
    }

    /** Windows and durations of the aggregations, as parsed (invalid ones left out, after reporting). */
    private record Settings(List<Window> windows, Duration tileSize, Duration lateness, Duration skew) {
        WindowedAggregations aggregations(FeatureSetDeclaration declaration) {
            if (declaration.aggregations().isEmpty()) {
                return WindowedAggregations.NONE;
            }
            return new WindowedAggregations(declaration.aggregations().stream()
                    .map(a -> new AggregationSpec(a.function().value(), a.column().value(), a.alias().value()))
                    .toList(), windows.stream().map(Window::length).toList(), tileSize, lateness, skew);
        }
    }

    private Settings checkAggregationSettings(FeatureSetDeclaration declaration, String name) {
        boolean aggregates = !declaration.aggregations().isEmpty();
        if (!declaration.windows().isEmpty() && !aggregates) {
            diagnostics.error(declaration.windows().get(0), Message.WINDOWS_WITHOUT_AGGREGATIONS, name,
                    declaration.key().isEmpty() ? "user_id" : declaration.key().get(0).value());
        }
        if (aggregates && declaration.windows().isEmpty()) {
            diagnostics.error(declaration.aggregationsValue(), Message.AGGREGATIONS_WITHOUT_WINDOWS, name);
        }
        int beforeTile = diagnostics.errors();
        Duration tileSize = duration(declaration.tileSize(), Message.TILE_SIZE_INVALID);
        boolean parsed = diagnostics.errors() == beforeTile;
        boolean tileOk = parsed && TilePlan.LADDER.contains(tileSize) && !tileSize.equals(Duration.ofDays(1));
        if (parsed && !tileOk) {
            diagnostics.error(declaration.tileSize(), Message.TILE_SIZE_INVALID,
                    "\"" + declaration.tileSize().value() + "\" is not one of 1s, 5s, 1m, 5m, 1h");
        }
        List<Window> windows = new ArrayList<>();
        Map<Window, String> written = new HashMap<>();
        for (Located<String> literal : declaration.windows()) {
            Window window;
            try {
                window = Window.parse(literal.value());
            } catch (IllegalArgumentException e) {
                diagnostics.error(literal, Message.WINDOW_INVALID, e.getMessage());
                continue;
            }
            String previous = written.putIfAbsent(window, literal.value());
            if (previous != null) {
                diagnostics.error(literal, Message.WINDOW_DUPLICATE, literal.value(), previous, window.label());
                continue;
            }
            if (tileOk && window.millis() % tileSize.toMillis() != 0) {
                diagnostics.error(literal, Message.WINDOW_NOT_MULTIPLE, TilePlan.problem(List.of(window), tileSize)
                        .orElseThrow());
                continue;
            }
            windows.add(window);
        }
        Duration lateness = nonNegative(declaration.allowedLateness(), Message.LATENESS_INVALID);
        Duration skew = nonNegative(declaration.maxEventTimeSkew(), Message.SKEW_INVALID);
        return new Settings(windows, tileSize, lateness, skew);
    }

    /** A duration that may be zero ({@code "0s"}), for lateness and skew. */
    private Duration nonNegative(Located<String> literal, Message message) {
        if (literal.value().strip().matches("0+\\s*[a-zA-Z]*")) {
            return Duration.ZERO;
        }
        return duration(literal, message);
    }

    /** The aggregate features, or an empty list after reporting problems (or for a row-level feature set). */
    private List<ColumnSpec> checkAggregations(FeatureSetDeclaration declaration, List<ColumnSpec> output,
            Settings settings) {
        List<ColumnSpec> features = new ArrayList<>();
        List<String> names = output.stream().map(ColumnSpec::name).toList();
        boolean ok = true;
        for (AggregateDeclaration a : declaration.aggregations()) {
            String column = a.column().value();
            Optional<ColumnSpec> input = output.stream().filter(c -> c.name().equals(column)).findFirst();
            if (input.isEmpty()) {
                diagnostics.error(a.column(), Message.AGGREGATION_UNKNOWN_COLUMN, column,
                        DidYouMean.hint(column, names), String.join(", ", names));
                ok = false;
                continue;
            }
            AggregateFunction function = a.function().value();
            ValueType type = input.get().type();
            if (!function.accepts(type) && function.numeric()) {
                diagnostics.error(a.column(), Message.AGGREGATION_NOT_NUMERIC, function, column,
                        type.name().toLowerCase(Locale.ROOT), column, column);
                ok = false;
            } else if (!function.accepts(type)) {
                diagnostics.error(a.column(), Message.AGGREGATION_NOT_BOOLEAN, function, column,
                        type.name().toLowerCase(Locale.ROOT), column, column);
                ok = false;
            }
            if (!a.alias().value().isEmpty() && !a.alias().value().matches("[a-z][a-z0-9_]*")) {
                diagnostics.error(a.alias(), Message.AGGREGATION_ALIAS_INVALID, a.alias().value());
                ok = false;
            }
        }
        // Without a valid window there are no features (the windows' errors are reported): the spec, which pairs
        // aggregations with windows, must not be built.
        if (!ok || declaration.aggregations().isEmpty() || settings.windows().isEmpty()) {
            return features;
        }
        List<AggregationSpec> specs = settings.aggregations(declaration).aggregations();
        Optional<int[]> collision = FeatureNames.collision(specs, settings.windows());
        if (collision.isPresent()) {
            int first = collision.get()[0];
            int second = collision.get()[1];
            AggregateDeclaration at = declaration.aggregations().get(second);
            String feature = specs.get(second).prefix() + "_" + settings.windows().get(0).label();
            diagnostics.error(at.alias().source() != null ? at.alias() : at.column(), Message.FEATURE_NAME_COLLISION,
                    first + 1, second + 1, feature);
            return features;
        }
        List<String> featureNames = FeatureNames.of(specs, settings.windows());
        int i = 0;
        for (AggregationSpec a : specs) {
            ValueType input = output.stream().filter(c -> c.name().equals(a.column())).findFirst().orElseThrow()
                    .type();
            for (int w = 0; w < settings.windows().size(); w++) {
                features.add(new ColumnSpec(featureNames.get(i++), a.function().resultType(input)));
            }
        }
        return features;
    }

    private String checkName(FeatureSetDeclaration declaration) {
        String name = name(declaration);
        Optional<String> problem = FeatureSetName.problem(name);
        if (problem.isPresent()) {
            if (declaration.name().value().isEmpty()) {
                diagnostics.error(declaration.element(), declaration.annotation(), null,
                        Message.NAME_DEFAULT_INVALID, name, declaration.element().getSimpleName(), problem.get(),
                        suggestion(name));
            } else {
                diagnostics.error(declaration.name(), Message.NAME_INVALID, name, problem.get(), suggestion(name));
            }
        }
        return name;
    }

    private Duration duration(Located<String> literal, Message message) {
        try {
            return DurationLiteral.parse(literal.value());
        } catch (IllegalArgumentException e) {
            diagnostics.error(literal, message, e.getMessage());
            return Duration.ofSeconds(1);
        }
    }

    private void checkSchedule(Located<String> cron) {
        try {
            CronSchedule.parse(cron.value());
        } catch (IllegalArgumentException e) {
            diagnostics.error(cron, Message.SCHEDULE_INVALID, e.getMessage());
        }
    }

    private void checkKey(FeatureSetDeclaration declaration, String name) {
        if (declaration.key().isEmpty()) {
            diagnostics.error(declaration.keyValue().source() != null ? declaration.keyValue()
                    : new Located<>(null, declaration.element(), declaration.annotation(), null),
                    Message.KEY_EMPTY, name);
        }
        Set<String> seen = new HashSet<>();
        for (Located<String> column : declaration.key()) {
            if (!seen.add(column.value())) {
                diagnostics.error(column, Message.KEY_DUPLICATE, column.value());
            }
        }
    }

    /** The output columns, or {@code null} if the SQL failed (after reporting why). */
    private List<ColumnSpec> checkSql(FeatureSetDeclaration declaration, KafkaSourceSpec source) {
        SqlAnalysis analysis = sql.analyse(declaration.sql().value(), source.name(), source.fields());
        Located<String> at = declaration.sql();
        if (analysis instanceof SqlAnalysis.SyntaxError e) {
            diagnostics.error(at, Message.SQL_SYNTAX, e.message());
            return null;
        } else if (analysis instanceof SqlAnalysis.UnknownTable e) {
            diagnostics.error(at, Message.SQL_UNKNOWN_TABLE, e.table(),
                    DidYouMean.hint(e.table(), List.of(source.name())), source.name());
            return null;
        } else if (analysis instanceof SqlAnalysis.AnalysisError e) {
            diagnostics.error(at, Message.SQL_ANALYSIS, e.message());
            return null;
        } else if (analysis instanceof SqlAnalysis.NotRowLevel e) {
            diagnostics.error(at, Message.SQL_NOT_ROW_LEVEL, e.what());
            return null;
        }
        List<SqlAnalysis.Column> columns = ((SqlAnalysis.Analysed) analysis).columns();
        List<ColumnSpec> output = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        boolean ok = true;
        for (SqlAnalysis.Column c : columns) {
            if (!names.add(c.name())) {
                diagnostics.error(at, Message.OUTPUT_DUPLICATE, c.name());
                ok = false;
            } else if (c.name().startsWith("__")) {
                diagnostics.error(at, Message.OUTPUT_RESERVED, c.name());
                ok = false;
            } else if (c.type() == null) {
                diagnostics.error(at, Message.OUTPUT_TYPE, c.name(), c.sparkType());
                ok = false;
            } else {
                output.add(new ColumnSpec(c.name(), c.type()));
            }
        }
        for (Located<String> key : declaration.key()) {
            Optional<SqlAnalysis.Column> column = columns.stream().filter(c -> c.name().equals(key.value()))
                    .findFirst();
            if (column.isEmpty()) {
                diagnostics.error(key, Message.KEY_NOT_IN_OUTPUT, key.value(), DidYouMean.hint(key.value(), names),
                        String.join(", ", names));
                ok = false;
            } else if (column.get().type() == null || !column.get().type().usableAsKey()) {
                diagnostics.error(key, Message.KEY_TYPE, key.value(), column.get().sparkType(), key.value(),
                        key.value());
                ok = false;
            }
        }
        Located<String> ts = declaration.timestamp();
        Optional<SqlAnalysis.Column> timestamp = columns.stream().filter(c -> c.name().equals(ts.value())).findFirst();
        if (timestamp.isEmpty()) {
            diagnostics.error(ts, Message.TIMESTAMP_NOT_IN_OUTPUT, ts.value(), DidYouMean.hint(ts.value(), names),
                    String.join(", ", names));
            ok = false;
        } else if (timestamp.get().type() != ValueType.TIMESTAMP) {
            diagnostics.error(ts, Message.TIMESTAMP_TYPE, ts.value(), timestamp.get().sparkType(), ts.value(),
                    ts.value());
            ok = false;
        }
        return ok ? output : null;
    }

    private static String suggestion(String name) {
        String fixed = name.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (fixed.length() > FeatureSetName.MAX_LENGTH) {
            fixed = fixed.substring(0, FeatureSetName.MAX_LENGTH).replaceAll("-$", "");
        }
        return fixed.isEmpty() ? "user-features" : fixed;
    }
}
