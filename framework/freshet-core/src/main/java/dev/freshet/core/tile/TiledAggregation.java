package dev.freshet.core.tile;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to aggregate and read one feature set's windows, derived once from its spec: the tile plan, the
 * partial-aggregate layout, the event-time policy, and a fingerprint of the tile format. Jobs, the online client and
 * (later) the offline store all build theirs with {@link #of(FeatureSetSpec)}, so they agree by construction.
 *
 * @param plan        the tile ladder of the windows
 * @param layout      the partial aggregate of the aggregations
 * @param policy      the lateness and skew rules
 * @param fingerprint identifies the tile format (levels, windows, slots, aggregations); stored next to tiles so that
 *                    a reader never decodes tiles written for another definition
 */
public record TiledAggregation(TilePlan plan, PartialLayout layout, EventTimePolicy policy, String fingerprint)
        implements Serializable {

    /**
     * The aggregation model of {@code spec}.
     *
     * @throws IllegalArgumentException if {@code spec} has no aggregations
     */
    public static TiledAggregation of(FeatureSetSpec spec) {
        WindowedAggregations a = spec.aggregations();
        if (!a.present()) {
            throw new IllegalArgumentException("feature set \"" + spec.name() + "\" has no aggregations");
        }
        Map<String, ValueType> types = new HashMap<>();
        for (ColumnSpec c : spec.outputColumns()) {
            types.put(c.name(), c.type());
        }
        List<Window> windows = a.windows().stream().map(Window::new).toList();
        TilePlan plan = TilePlan.of(windows, a.tileSize());
        PartialLayout layout = PartialLayout.of(a.aggregations(), types);
        StringBuilder format = new StringBuilder("v1;");
        for (int l = 0; l < plan.levels(); l++) {
            format.append(plan.size(l)).append(',');
        }
        format.append(';');
        // Windows decide how long tiles are kept: tiles written under shorter windows may be missing for longer ones.
        windows.forEach(w -> format.append(w.millis()).append(','));
        format.append(';').append(layout.width()).append(';');
        a.aggregations().forEach(g -> format.append(g.function()).append('(').append(g.column()).append(':')
                .append(types.get(g.column())).append(')'));
        String fingerprint = Integer.toHexString(format.toString().hashCode());
        return new TiledAggregation(plan, layout, new EventTimePolicy(a.allowedLateness(), a.maxEventTimeSkew()),
                fingerprint);
    }

    /**
     * The oldest read a key's tiles are kept for once its newest accepted event is at {@code newestMillis}: that
     * time minus {@code maxEventTimeSkew}, because an accepted event may lie that far ahead of the clock of a reader
     * reading "now". The online job prunes with it ({@code tiles.prune(model.oldestRead(tiles.newest()))}), and
     * readers of the stored tiles decide with it what those tiles can still answer ({@link TilePlan#answers}), so
     * both use the same reference. {@code Long.MIN_VALUE} for a key without events ({@code newestMillis} is
     * {@code Long.MIN_VALUE}): nothing is pruned.
     */
    public long oldestRead(long newestMillis) {
        long skew = policy.maxEventTimeSkew().toMillis();
        return newestMillis < Long.MIN_VALUE + skew ? Long.MIN_VALUE : newestMillis - skew;
    }

    /**
     * The earliest instant from which every read of a key's stored tiles answers exactly, for a key whose newest
     * event (the stored {@code __ts}) is at {@code newestMillis}: {@link TilePlan#earliestAnswerable} of
     * {@link #oldestRead}. Reads before it may need tiles the online job already pruned.
     */
    public long earliestAnswerable(long newestMillis) {
        return plan.earliestAnswerable(oldestRead(newestMillis));
    }

    /** The default online TTL: as long as a tile can matter after a key's newest event, plus the lateness. */
    public Duration defaultTtl() {
        return Duration.ofMillis(plan.retention()).plus(policy.allowedLateness());
    }
}
