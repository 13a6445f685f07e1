package dev.freshet.core.tile;

import static dev.freshet.core.testdata.RandomEvents.randomEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.testdata.Event;
import dev.freshet.core.testdata.EveryFunction;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the tiles a job keeps can still answer, checked against the tiles it would keep without pruning. A key's
 * events arrive in batches, late within the allowed lateness (so pruned tiles are created again by late events and
 * pruned again); after each batch the pruned state is pruned as the job prunes it, for
 * {@link TiledAggregation#oldestRead} of its newest event, and both states are read at times on both sides of the
 * earliest answerable instant. Random plans of every tile size.
 *
 * <ul>
 *   <li>A read {@link dev.freshet.core.window.TilePlan#answers} accepts gives exactly, value for value, what merging
 *       the unpruned tiles gives, and {@link WindowedFeatures#read(TilePlan, PartialLayout, WindowedFeatures.Tiles,
 *       long, long)} returns it; every other read it refuses.
 *   <li>Every read at or after {@link TiledAggregation#earliestAnswerable} answers, and so does every read at or after
 *       the oldest read.
 *   <li>Refusing matters: some refused reads, merged anyway from what is left, give other values than the oracle.
 * </ul>
 */
class PrunedTilesOracleTest {

    private static final long DAY = 86_400_000L;
    private static final long BASE = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private static final List<Long> SKEWS = List.of(0L, 5_000L, 300_000L, 3_600_000L);

    @ParameterizedTest(name = "tile {0}")
    @ValueSource(strings = {"1s", "5s", "1m", "5m", "1h"})
    void aReadThePrunedTilesAnswerEqualsTheUnprunedReadAndTheOthersAreRefused(String tileSize) {
        long seed = 9_000 + DurationLiteral.parse(tileSize).toSeconds();
        Random random = new Random(seed);
        PartialLayout layout = EveryFunction.layout().build();
        int answered = 0;
        int refused = 0;
        int refusedAndWrong = 0;
        for (int trial = 0; trial < 8; trial++) {
            TiledAggregation model = model(random, tileSize, layout);
            TilePlan plan = model.plan();
            String context = "seed " + seed + ", trial " + trial + ", " + plan.describe() + ", skew "
                    + model.policy().maxEventTimeSkew();
            long span = Math.max(plan.retention(), 2 * DAY);
            List<Event> events = randomEvents(random).between(BASE, BASE + 3 * span).count(600)
                    .longestBurst(Math.max(plan.finest() * 20, plan.retention() / 10)).partitions(1).build();
            // Delivered roughly in time order, up to 20 minutes late against earlier deliveries (lateness: 30m).
            Map<Event, Long> arrival = new IdentityHashMap<>();
            events.forEach(e -> arrival.put(e, e.eventMillis() + (long) (random.nextDouble() * 1_200_000)));
            List<Event> delivered = new ArrayList<>(events);
            delivered.sort(Comparator.comparingLong(arrival::get));

            KeyTiles full = KeyTiles.empty(plan, layout);
            KeyTiles pruned = KeyTiles.empty(plan, layout);
            int next = 0;
            while (next < delivered.size()) {
                int end = Math.min(delivered.size(), next + 1 + random.nextInt(40));
                for (Event e : delivered.subList(next, end)) {
                    Object[] inputs = e.inputs(layout.inputColumns());
                    EventTimePolicy.Decision decision = pruned.offer(e.partition(), e.eventMillis(), e.eventMillis(),
                            inputs, model.policy());
                    assertThat(full.offer(e.partition(), e.eventMillis(), e.eventMillis(), inputs, model.policy()))
                            .as(context).isEqualTo(decision).isEqualTo(EventTimePolicy.Decision.ACCEPT);
                }
                next = end;
                pruned.prune(model.oldestRead(pruned.newest()));
                pruned = KeyTiles.decode(pruned.encode(), plan, layout);

                long oldestRead = model.oldestRead(pruned.newest());
                long earliest = model.earliestAnswerable(pruned.newest());
                KeyTiles state = pruned;
                for (long t : readTimes(random, plan, oldestRead, earliest)) {
                    String where = context + ", newest " + pruned.newest() + ", earliest " + earliest + ", read at "
                            + t;
                    boolean answers = plan.answers(t, oldestRead);
                    Optional<Object[]> checked = WindowedFeatures.read(plan, layout, state::tile, t, oldestRead);
                    Object[] oracle = WindowedFeatures.read(plan, layout, full::tile, t);

                    assertThat(checked.isPresent()).as(where).isEqualTo(answers);
                    if (t >= earliest || t >= oldestRead) {
                        assertThat(answers).as(where + ": at or after the earliest answerable instant").isTrue();
                    }
                    if (answers) {
                        assertThat(checked.get()).as(where).isEqualTo(oracle);
                        answered++;
                    } else {
                        refused++;
                        Object[] leftOver = WindowedFeatures.read(plan, layout, state::tile, t);
                        refusedAndWrong += Arrays.equals(leftOver, oracle) ? 0 : 1;
                    }
                }
            }
        }

        assertThat(answered).as("seed %d: reads answered", seed).isGreaterThan(1000);
        assertThat(refused).as("seed %d: reads refused", seed).isGreaterThan(1000);
        assertThat(refusedAndWrong).as("seed %d: refused reads the left-over tiles would get wrong", seed)
                .isGreaterThan(100);
    }

    /** A random model with finest tile {@code tileSize}: one to four windows up to 8 days, a random skew. */
    private static TiledAggregation model(Random random, String tileSize, PartialLayout layout) {
        long finest = DurationLiteral.parse(tileSize).toMillis();
        List<Window> windows = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            long multiple = 1 + (long) Math.floor(Math.pow(10, random.nextDouble() * 4));
            windows.add(new Window(Duration.ofMillis(Math.min(multiple * finest, 8 * DAY / finest * finest))));
        }
        TilePlan plan = TilePlan.of(windows, Duration.ofMillis(finest));
        EventTimePolicy policy = new EventTimePolicy(Duration.ofMinutes(30),
                Duration.ofMillis(SKEWS.get(random.nextInt(SKEWS.size()))));
        return new TiledAggregation(plan, layout, policy, "test");
    }

    /**
     * Read times on both sides of the earliest answerable instant {@code E}: just at and before it, shortly after
     * it, after the oldest read, anywhere in the retention before it, and aligned to each level there (where older
     * reads may avoid pruned tiles).
     */
    private static List<Long> readTimes(Random random, TilePlan plan, long oldestRead, long earliest) {
        long finest = plan.finest();
        long reach = plan.retention() + DAY;
        List<Long> times = new ArrayList<>(List.of(earliest, earliest - finest, earliest - 1, earliest + finest / 2));
        for (int i = 0; i < 3; i++) {
            times.add(earliest + (long) (random.nextDouble() * 5 * finest));
            times.add(oldestRead + (long) (random.nextDouble() * reach));
            long before = earliest - (long) (random.nextDouble() * reach);
            times.add(before);
            long alignment = plan.size(random.nextInt(plan.levels()));
            times.add(Math.floorDiv(before, alignment) * alignment);
        }
        return times;
    }
}
