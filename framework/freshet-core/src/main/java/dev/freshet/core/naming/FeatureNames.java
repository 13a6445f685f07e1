package dev.freshet.core.naming;

import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.core.window.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names of aggregate features, as the reference product names them: {@code <function>_<column>_<window>} in lower
 * case ({@code avg_amount_1h}), or {@code <alias>_<window>} ({@code had_remote_transaction_1m}), aggregation-major.
 */
public final class FeatureNames {

    private FeatureNames() {}

    /** The feature names of {@code aggregations} over {@code windows}, aggregation-major. */
    public static List<String> of(List<AggregationSpec> aggregations, List<Window> windows) {
        List<String> names = new ArrayList<>();
        for (AggregationSpec a : aggregations) {
            for (Window w : windows) {
                names.add(a.prefix() + "_" + w.label());
            }
        }
        return names;
    }

    /** Two aggregations that give the same feature name, as "i j name", if any. */
    public static Optional<int[]> collision(List<AggregationSpec> aggregations, List<Window> windows) {
        Map<String, Integer> owner = new LinkedHashMap<>();
        for (int i = 0; i < aggregations.size(); i++) {
            for (Window w : windows) {
                Integer previous = owner.putIfAbsent(aggregations.get(i).prefix() + "_" + w.label(), i);
                if (previous != null && previous != i) {
                    return Optional.of(new int[] {previous, i});
                }
            }
        }
        return Optional.empty();
    }
}
