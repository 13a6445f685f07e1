package dev.freshet.core.tile;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.MAX;
import static dev.freshet.api.AggregateFunction.SUM;
import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.api.ValueType;
import dev.freshet.core.testdata.FeatureSetSpecBuilder;
import dev.freshet.core.testdata.KafkaSourceSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The aggregation model derived from a spec, and the fingerprint that keeps readers off foreign tiles. */
class TiledAggregationTest {

    private static KafkaSourceSpecBuilder transactionSource(ValueType amountType) {
        return aSource().field("user_id", ValueType.STRING).field("amount", amountType)
                .field("is_remote", ValueType.BOOLEAN).field("timestamp", ValueType.TIMESTAMP);
    }

    private static FeatureSetSpecBuilder transactionAggregates() {
        return aFeatureSet().name("user-transaction-aggregates").source(transactionSource(ValueType.DOUBLE).build())
                .windows("1m", "1h", "3h", "1d", "7d")
                .aggregate(AVG, "amount").aggregate(SUM, "amount")
                .aggregate(BOOLEAN_OR, "is_remote", "had_remote_transaction");
    }

    private static String fingerprint(FeatureSetSpecBuilder spec) {
        return TiledAggregation.of(spec.build()).fingerprint();
    }

    @Test
    void fingerprintIsTheSameForEqualSpecs() {
        assertThat(fingerprint(transactionAggregates())).isEqualTo(fingerprint(transactionAggregates()));
    }

    @Test
    void fingerprintIsTheSameInEveryJvmAndRelease() {
        // Stored next to the tiles in Redis ("__v"): computing it differently would orphan every stored tile.
        assertThat(fingerprint(transactionAggregates())).isEqualTo("ddcf4118");
    }

    @Test
    void fingerprintChangesWithTheAggregations() {
        String original = fingerprint(transactionAggregates());

        assertThat(fingerprint(transactionAggregates().aggregate(MAX, "amount"))).isNotEqualTo(original);
        assertThat(fingerprint(aFeatureSet().source(transactionSource(ValueType.DOUBLE).build())
                .windows("1m", "1h", "3h", "1d", "7d").aggregate(SUM, "amount").aggregate(AVG, "amount")
                .aggregate(BOOLEAN_OR, "is_remote"))).as("same slots, other order").isNotEqualTo(original);
    }

    @Test
    void fingerprintChangesWithTheTypeOfAnAggregatedColumn() {
        String asDouble = fingerprint(transactionAggregates());
        String asLong = fingerprint(transactionAggregates().source(transactionSource(ValueType.LONG).build()));

        assertThat(asLong).isNotEqualTo(asDouble);
    }

    @Test
    void fingerprintChangesWithTheTileSize() {
        assertThat(fingerprint(transactionAggregates().tileSize("1m")))
                .isNotEqualTo(fingerprint(transactionAggregates()));
    }

    @Test
    void fingerprintChangesWithTheWindowsEvenWhenTheLevelsStayTheSame() {
        // Windows decide how long tiles are kept: tiles pruned for shorter windows would be missing for longer ones.
        assertThat(fingerprint(transactionAggregates().windows("1m", "2d", "7d")))
                .isNotEqualTo(fingerprint(transactionAggregates()));
    }

    @Test
    void defaultTtlIsTheRetentionPlusTheAllowedLateness() {
        TiledAggregation model = TiledAggregation.of(transactionAggregates().allowedLateness("10m").build());

        assertThat(model.defaultTtl()).isEqualTo(Duration.ofDays(7).plusHours(1).plusMinutes(10));
    }

    @Test
    void takesThePolicyFromTheSpec() {
        TiledAggregation model = TiledAggregation.of(transactionAggregates().allowedLateness("2m")
                .maxEventTimeSkew("30s").build());

        assertThat(model.policy()).isEqualTo(new EventTimePolicy(Duration.ofMinutes(2), Duration.ofSeconds(30)));
    }

    @Test
    void layoutAndPlanFollowTheSpec() {
        TiledAggregation model = TiledAggregation.of(transactionAggregates().build());

        assertThat(model.layout().inputColumns()).containsExactly("amount", "is_remote");
        assertThat(model.plan().windows()).isEqualTo(5);
        assertThat(model.plan().levels()).isEqualTo(6);
    }

    @Test
    void refusesARowLevelFeatureSet() {
        assertThatIllegalArgumentException().isThrownBy(() -> TiledAggregation.of(aFeatureSet().build()))
                .withMessage("feature set \"user-transactions\" has no aggregations");
    }

    @Test
    void theOldestReadIsTheNewestEventMinusTheMaximumSkew() {
        TiledAggregation model = TiledAggregation.of(transactionAggregates().maxEventTimeSkew("30s").build());

        assertThat(model.oldestRead(1_000_000)).isEqualTo(970_000);
        assertThat(model.oldestRead(-5_000)).isEqualTo(-35_000);
        assertThat(model.oldestRead(Long.MIN_VALUE)).as("a key without events").isEqualTo(Long.MIN_VALUE);
        assertThat(model.oldestRead(Long.MIN_VALUE + 10)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theEarliestAnswerableReadIsThePlansForTheOldestRead() {
        TiledAggregation model = TiledAggregation.of(transactionAggregates().build());
        long newest = Instant.parse("2026-03-08T12:00:00Z").toEpochMilli();

        assertThat(model.earliestAnswerable(newest)).isEqualTo(model.plan().earliestAnswerable(newest - 300_000))
                .isEqualTo(Instant.parse("2026-03-08T11:54:55Z").toEpochMilli());
        assertThat(model.earliestAnswerable(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }
}
