package dev.freshet.core.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionDiffTest {

    private static final AggregationSpec SUM = new AggregationSpec(AggregateFunction.SUM, "amount", "");
    private static final AggregationSpec COUNT = new AggregationSpec(AggregateFunction.COUNT, "amount", "n");

    private static WindowedAggregations of(List<AggregationSpec> aggregations, Duration skew, Duration... windows) {
        return new WindowedAggregations(aggregations, List.of(windows), Duration.ofMinutes(1), Duration.ofMinutes(5),
                skew);
    }

    @Test
    void sameDefinitionsHaveNoChanges() {
        WindowedAggregations a = of(List.of(SUM, COUNT), Duration.ofMinutes(5), Duration.ofHours(1));

        assertThat(DefinitionDiff.tileModel(a, a)).isEmpty();
        assertThat(DefinitionDiff.tileModel(WindowedAggregations.NONE, WindowedAggregations.NONE)).isEmpty();
        assertThat(DefinitionDiff.key(List.of(new ColumnSpec("user_id", ValueType.STRING)),
                List.of(new ColumnSpec("user_id", ValueType.STRING)))).isEmpty();
        assertThat(DefinitionDiff.topics(List.of("a", "b"), List.of("b", "a"))).isEmpty();
    }

    @Test
    void everyTileModelChangeIsWordedOldToNew() {
        WindowedAggregations was = of(List.of(SUM, COUNT), Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofDays(1));
        WindowedAggregations now = of(List.of(COUNT, SUM), Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1));

        assertThat(DefinitionDiff.tileModel(was, now)).containsExactly(
                "aggregations reordered: sum_amount, n -> n, sum_amount (tiles lay out their partial aggregates in"
                        + " this order)",
                "windows reordered: 1h, 1d -> 1d, 1h",
                "max event-time skew: 5m -> 0s");
        assertThat(DefinitionDiff.tileModel(was, WindowedAggregations.NONE)).containsExactly(
                "aggregations removed: SUM(amount), COUNT(amount) as n over 1h, 1d, the feature set is now row-level");
    }

    @Test
    void keyEventTimeAndTopicsSayBothSides() {
        assertThat(DefinitionDiff.key(List.of(new ColumnSpec("user_id", ValueType.STRING)),
                List.of(new ColumnSpec("account_id", ValueType.LONG))))
                .contains("key: user_id STRING -> account_id LONG");
        assertThat(DefinitionDiff.eventTime("timestamp", "created_at")).contains("event time: timestamp -> created_at");
        assertThat(DefinitionDiff.topics(List.of("a"), List.of("a", "b")))
                .contains("topics: a -> a, b (the checkpoint holds offsets per topic partition)");
    }
}
