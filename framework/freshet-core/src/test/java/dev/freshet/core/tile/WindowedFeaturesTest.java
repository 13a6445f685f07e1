package dev.freshet.core.tile;

import static dev.freshet.api.AggregateFunction.COUNT;
import static dev.freshet.api.AggregateFunction.MAX;
import static dev.freshet.api.AggregateFunction.SUM;
import static dev.freshet.core.testdata.PartialLayoutBuilder.aLayout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ValueType;
import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading features from tiles: order, edges, and missing tiles. (The maths is checked by the oracle test.) */
class WindowedFeaturesTest {

    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static final EventTimePolicy ACCEPT_ALL = new EventTimePolicy(Duration.ofDays(1), Duration.ofDays(1));

    private final TilePlan plan = TilePlan.of(List.of(Window.parse("10s"), Window.parse("1m")), Duration.ofSeconds(1));
    private final PartialLayout layout = aLayout().column("amount", ValueType.DOUBLE).aggregate(COUNT, "amount")
            .aggregate(SUM, "amount").aggregate(MAX, "amount").build();

    private KeyTiles tilesOf(long... eventTimesAndAmounts) {
        KeyTiles tiles = KeyTiles.empty(plan, layout);
        for (int i = 0; i < eventTimesAndAmounts.length; i += 2) {
            long t = eventTimesAndAmounts[i];
            tiles.offer(0, t, t, new Object[] {(double) eventTimesAndAmounts[i + 1]}, ACCEPT_ALL);
        }
        return tiles;
    }

    @Test
    void featuresAreAggregationMajor() {
        KeyTiles tiles = tilesOf(T0 - 30_000, 5, T0 - 2_000, 7);

        Object[] features = WindowedFeatures.read(plan, layout, tiles::tile, T0);

        // count_10s, count_1m, sum_10s, sum_1m, max_10s, max_1m
        assertThat(features).containsExactly(1L, 2L, 7.0, 12.0, 7.0, 7.0);
    }

    @Test
    void missingTilesReadAsEmptyWindows() {
        Object[] features = WindowedFeatures.read(plan, layout, ref -> null, T0);

        assertThat(features).containsExactly(0L, 0L, null, null, null, null);
    }

    @Test
    void aReadDoesNotSeeAnEventAtItsReadTimeButSeesItOneTileLater() {
        KeyTiles tiles = tilesOf(T0, 5);

        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0)[0]).isEqualTo(0L);
        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0 + 999)[0]).isEqualTo(0L);
        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0 + 1_000)[0]).isEqualTo(1L);
    }

    @Test
    void aWindowDecaysWithoutNewEvents() {
        KeyTiles tiles = tilesOf(T0, 5);

        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0 + 10_000)[0]).isEqualTo(1L);
        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0 + 10_001)[0]).isEqualTo(1L);
        assertThat(WindowedFeatures.read(plan, layout, tiles::tile, T0 + 11_000)[0]).isEqualTo(0L);
    }

    @Test
    void tilesMergedCountsTheCoverOfEveryWindow() {
        long t = T0 + 12_345;

        assertThat(WindowedFeatures.tilesMerged(plan, t))
                .isEqualTo(plan.cover(0, t).size() + plan.cover(1, t).size());
    }
}
