package dev.freshet.core.definition;

import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.naming.FeatureNames;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The changes between two definitions of a feature set that every judge of them words alike: the key, the event
 * time, the topics and the tile model (aggregations, windows, tile size, lateness, skew). Each change is a text, old
 * {@code ->} new, such as {@code key: user_id STRING -> account_id STRING} or {@code window added: 7d (avg_amount_7d)}.
 * Pure; whether a change is refused is the caller's (see the package).
 */
public final class DefinitionDiff {

    private DefinitionDiff() {}

    /** The change of the key columns (names, order or types), if any. */
    public static Optional<String> key(List<ColumnSpec> was, List<ColumnSpec> now) {
        return was.equals(now) ? Optional.empty() : Optional.of("key: " + describe(was) + " -> " + describe(now));
    }

    /** The change of the event-time column, if any. */
    public static Optional<String> eventTime(String was, String now) {
        return was.equals(now) ? Optional.empty() : Optional.of("event time: " + was + " -> " + now);
    }

    /** The change of the topics read, in any order, if any. */
    public static Optional<String> topics(List<String> was, List<String> now) {
        return Set.copyOf(was).equals(Set.copyOf(now)) ? Optional.empty()
                : Optional.of("topics: " + String.join(", ", was) + " -> " + String.join(", ", now)
                        + " (the checkpoint holds offsets per topic partition)");
    }

    /**
     * The changes of the tile model from {@code was} to {@code now}: aggregations added, removed, changed or
     * reordered, windows added, removed or reordered, the tile size, the allowed lateness and the maximum skew; or
     * one change when the feature set becomes aggregated or row-level. Empty when both are row-level.
     */
    public static List<String> tileModel(WindowedAggregations was, WindowedAggregations now) {
        List<String> changes = new ArrayList<>();
        if (!was.present() && !now.present()) {
            return changes;
        }
        if (!was.present()) {
            changes.add("aggregations added: " + describe(now) + ", the feature set was row-level");
            return changes;
        }
        if (!now.present()) {
            changes.add("aggregations removed: " + describe(was) + ", the feature set is now row-level");
            return changes;
        }
        functions(was, now, changes);
        windows(was, now, changes);
        if (!was.tileSize().equals(now.tileSize())) {
            changes.add("tile size: " + literal(was.tileSize()) + " -> " + literal(now.tileSize()));
        }
        if (!was.allowedLateness().equals(now.allowedLateness())) {
            changes.add("allowed lateness: " + literal(was.allowedLateness()) + " -> "
                    + literal(now.allowedLateness()));
        }
        if (!was.maxEventTimeSkew().equals(now.maxEventTimeSkew())) {
            changes.add("max event-time skew: " + literal(was.maxEventTimeSkew()) + " -> "
                    + literal(now.maxEventTimeSkew()));
        }
        return changes;
    }

    private static void functions(WindowedAggregations a, WindowedAggregations b, List<String> changes) {
        Map<String, AggregationSpec> before = byPrefix(a.aggregations());
        Map<String, AggregationSpec> after = byPrefix(b.aggregations());
        for (AggregationSpec g : a.aggregations()) {
            AggregationSpec now = after.get(g.prefix());
            if (now == null) {
                changes.add("aggregation removed: " + describe(g) + " (" + features(List.of(g), a.windows()) + ")");
            } else if (now.function() != g.function() || !now.column().equals(g.column())) {
                changes.add("aggregation " + g.prefix() + ": " + describe(g) + " -> " + describe(now));
            }
        }
        for (AggregationSpec g : b.aggregations()) {
            if (!before.containsKey(g.prefix())) {
                changes.add("aggregation added: " + describe(g) + " (" + features(List.of(g), b.windows()) + ")");
            }
        }
        List<String> commonBefore = a.aggregations().stream().map(AggregationSpec::prefix)
                .filter(after::containsKey).toList();
        List<String> commonAfter = b.aggregations().stream().map(AggregationSpec::prefix)
                .filter(before::containsKey).toList();
        if (!commonBefore.equals(commonAfter)) {
            changes.add("aggregations reordered: " + String.join(", ", commonBefore) + " -> "
                    + String.join(", ", commonAfter) + " (tiles lay out their partial aggregates in this order)");
        }
    }

    private static void windows(WindowedAggregations a, WindowedAggregations b, List<String> changes) {
        for (Duration w : a.windows()) {
            if (!b.windows().contains(w)) {
                changes.add("window removed: " + literal(w) + " (" + features(a.aggregations(), List.of(w)) + ")");
            }
        }
        for (Duration w : b.windows()) {
            if (!a.windows().contains(w)) {
                changes.add("window added: " + literal(w) + " (" + features(b.aggregations(), List.of(w)) + ")");
            }
        }
        List<Duration> commonBefore = a.windows().stream().filter(b.windows()::contains).toList();
        List<Duration> commonAfter = b.windows().stream().filter(a.windows()::contains).toList();
        if (!commonBefore.equals(commonAfter)) {
            changes.add("windows reordered: " + literals(commonBefore) + " -> " + literals(commonAfter));
        }
    }

    private static Map<String, AggregationSpec> byPrefix(List<AggregationSpec> aggregations) {
        Map<String, AggregationSpec> map = new LinkedHashMap<>();
        aggregations.forEach(a -> map.put(a.prefix(), a));
        return map;
    }

    /** Columns as {@code name TYPE, …}. */
    public static String describe(List<ColumnSpec> columns) {
        return columns.stream().map(DefinitionDiff::describe).collect(Collectors.joining(", "));
    }

    /** A column as {@code name TYPE}. */
    public static String describe(ColumnSpec column) {
        return column.name() + " " + column.type();
    }

    /** An aggregation as {@code FUNCTION(column)}, with {@code as alias} when it has one. */
    public static String describe(AggregationSpec a) {
        return a.function() + "(" + a.column() + ")" + (a.alias().isEmpty() ? "" : " as " + a.alias());
    }

    /** Aggregations and their windows as {@code SUM(amount), COUNT(amount) over 1h, 1d}. */
    public static String describe(WindowedAggregations a) {
        return a.aggregations().stream().map(DefinitionDiff::describe).collect(Collectors.joining(", "))
                + " over " + literals(a.windows());
    }

    /** The names of the features {@code aggregations} make over {@code windows}, comma-separated. */
    public static String features(List<AggregationSpec> aggregations, List<Duration> windows) {
        return String.join(", ", FeatureNames.of(aggregations, windows.stream().map(Window::new).toList()));
    }

    /** Durations as literals, comma-separated. */
    public static String literals(List<Duration> durations) {
        return durations.stream().map(DefinitionDiff::literal).collect(Collectors.joining(", "));
    }

    /** A duration as a literal such as {@code 5m}; {@code 0s} for zero, ISO-8601 when negative. */
    public static String literal(Duration d) {
        return d.isZero() ? "0s" : d.isNegative() ? d.toString() : DurationLiteral.format(d);
    }
}
