package dev.freshet.spark.online;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What TTL a job runs with: an unset TTL is the default of the set's kind; zero always means none. */
class OnlineJobSettingsTest {

    private static final FeatureSetSpec ROWS = aFeatureSet().name("rows").build();
    private static final FeatureSetSpec WINDOWS = aFeatureSet().name("windows")
            .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(1),
                    Duration.ofMinutes(10), Duration.ofHours(1))
            .build();

    @Test
    void aRowLevelSetWithoutATtlKeepsKeysForEver() {
        assertThat(OnlineJobSettings.declared(ROWS).onlineTtl()).isZero();
    }

    @Test
    void anAggregatedSetWithoutATtlKeepsKeysAsLongAsAWindowCanNeedThem() {
        Duration ttl = OnlineJobSettings.declared(WINDOWS).onlineTtl();

        assertThat(ttl).isEqualTo(TiledAggregation.of(WINDOWS).defaultTtl())
                .isGreaterThan(Duration.ofHours(1));
    }

    @Test
    void aDeclaredTtlIsKeptForEitherKind() {
        FeatureSetSpec rows = aFeatureSet().name("rows-ttl").ttl(Duration.ofDays(2)).build();

        assertThat(OnlineJobSettings.declared(rows).onlineTtl()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void settingsWithAZeroTtlMeanNoneEvenForAnAggregatedSet() {
        OnlineJobSettings none = new OnlineJobSettings(Duration.ofSeconds(5), 0, Duration.ZERO,
                OnlineJobSettings.RunMode.CONTINUOUS);

        assertThat(none.onlineTtl()).isZero();
        assertThat(OnlineJobSettings.declared(WINDOWS).withRunMode(OnlineJobSettings.RunMode.AVAILABLE_NOW)
                .onlineTtl()).isEqualTo(TiledAggregation.of(WINDOWS).defaultTtl());
    }
}
