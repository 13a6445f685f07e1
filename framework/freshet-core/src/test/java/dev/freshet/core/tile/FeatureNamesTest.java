package dev.freshet.core.tile;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.SUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.core.naming.FeatureNames;
import dev.freshet.core.window.Window;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names of aggregate features ({@link FeatureNames}), in the order {@link WindowedFeatures#read} returns values.
 * (Kept next to the tile tests: this suite's files live in the aggregate, window and tile packages.)
 */
class FeatureNamesTest {

    private static List<Window> windows(String... literals) {
        return Arrays.stream(literals).map(Window::parse).toList();
    }

    @Test
    void namesAnAggregationByFunctionColumnAndWindow() {
        assertThat(FeatureNames.of(List.of(new AggregationSpec(AVG, "transaction_amount", "")), windows("1m")))
                .containsExactly("avg_transaction_amount_1m");
    }

    @Test
    void namesAnAliasedAggregationByAliasAndWindow() {
        assertThat(FeatureNames.of(List.of(new AggregationSpec(BOOLEAN_OR, "is_remote", "had_remote_transaction")),
                windows("1h"))).containsExactly("had_remote_transaction_1h");
    }

    @Test
    void lowerCasesFunctionAndColumn() {
        assertThat(FeatureNames.of(List.of(new AggregationSpec(SUM, "Amount", "")), windows("1h")))
                .containsExactly("sum_amount_1h");
    }

    @Test
    void writesWindowsInTheirCanonicalForm() {
        assertThat(FeatureNames.of(List.of(new AggregationSpec(SUM, "amount", "")), windows("60s", "7 day", "90s")))
                .containsExactly("sum_amount_1m", "sum_amount_7d", "sum_amount_90s");
    }

    @Test
    void namesAreAggregationMajor() {
        List<AggregationSpec> aggregations = List.of(new AggregationSpec(AVG, "amount", ""),
                new AggregationSpec(SUM, "amount", ""));

        assertThat(FeatureNames.of(aggregations, windows("1m", "1h")))
                .containsExactly("avg_amount_1m", "avg_amount_1h", "sum_amount_1m", "sum_amount_1h");
    }

    @Test
    void findsTwoAggregationsWithTheSameName() {
        List<AggregationSpec> aggregations = List.of(new AggregationSpec(SUM, "amount", ""),
                new AggregationSpec(AVG, "amount", ""), new AggregationSpec(BOOLEAN_OR, "is_remote", "sum_amount"));

        assertThat(FeatureNames.collision(aggregations, windows("1m", "1h"))).hasValueSatisfying(pair ->
                assertThat(pair).containsExactly(0, 2));
    }

    @Test
    void namesThatDifferOnlyInCaseCollide() {
        List<AggregationSpec> aggregations = List.of(new AggregationSpec(SUM, "amount", ""),
                new AggregationSpec(SUM, "AMOUNT", ""));

        assertThat(FeatureNames.collision(aggregations, windows("1m"))).hasValueSatisfying(pair ->
                assertThat(pair).containsExactly(0, 1));
    }

    @Test
    void distinctNamesDoNotCollide() {
        List<AggregationSpec> aggregations = List.of(new AggregationSpec(SUM, "amount", ""),
                new AggregationSpec(AVG, "amount", ""), new AggregationSpec(BOOLEAN_OR, "is_remote", "remote"));

        assertThat(FeatureNames.collision(aggregations, windows("1m", "1h", "7d"))).isEmpty();
    }
}
