package dev.freshet.core.tile;

import static dev.freshet.core.testdata.RandomEvents.randomEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.testdata.Event;
import dev.freshet.core.testdata.EveryFunction;
import dev.freshet.core.testdata.NaiveAggregator;
import dev.freshet.core.testdata.NaiveWindow;
import dev.freshet.core.testdata.PartialLayoutBuilder;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The centerpiece of the aggregation tests: tiles read through {@link WindowedFeatures} give, for every function and
 * every window, what a brute-force {@link NaiveAggregator} computes from the raw events of the documented window
 * {@code [S, T)} ({@link NaiveWindow}). Event streams are seeded and random: shuffled, duplicated, over several days,
 * with empty and single-event windows, non-finite and huge doubles, overflowing longs and nulls. Read times are both
 * tile-aligned and arbitrary, and aimed at the window edges.
 */
class WindowedFeaturesOracleTest {

    /** Accepts everything: these tests are about the maths, not the lateness rules. */
    private static final EventTimePolicy ACCEPT_ALL = new EventTimePolicy(Duration.ofDays(100_000),
            Duration.ofDays(100_000));
    private static final double TOLERANCE = 1e-9;
    private static final long DAY = 86_400_000L;
    private static final long BASE = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    /**
     * One random scenario.
     *
     * @param name     what it is about
     * @param windows  the feature set's windows
     * @param tileSize the finest tile
     * @param seed     the seed of everything random in it
     * @param from     first event time
     * @param days     how many days the events span
     * @param events   how many distinct events
     * @param burst    the longest burst of events
     * @param reads    how many reads to check
     */
    record Scenario(String name, List<String> windows, String tileSize, long seed, long from, int days, int events,
            Duration burst, int reads) {
        @Override
        public String toString() {
            return name + " " + windows + " tile " + tileSize + " seed " + seed;
        }
    }

    static Stream<Scenario> scenarios() {
        List<String> login = List.of("1s", "5s", "10s", "15s");
        List<String> transactions = List.of("1m", "1h", "3h", "1d", "7d");
        List<String> mixed = List.of("10s", "90s", "2h", "3d");
        return Stream.of(
                new Scenario("login, all exact", login, "1s", 11, BASE, 2, 3000, Duration.ofSeconds(20), 1500),
                new Scenario("login, other seed", login, "1s", 12, BASE, 1, 2000, Duration.ofSeconds(8), 1500),
                new Scenario("transactions", transactions, "1s", 21, BASE, 9, 2500, Duration.ofHours(2), 150),
                new Scenario("transactions, other seed", transactions, "1s", 22, BASE, 9, 1500,
                        Duration.ofMinutes(10), 150),
                new Scenario("transactions, 1m tiles", transactions, "1m", 23, BASE, 9, 2000, Duration.ofHours(1),
                        150),
                new Scenario("mixed", mixed, "1s", 31, BASE, 5, 2500, Duration.ofMinutes(30), 180),
                new Scenario("mixed, before and after 1970", mixed, "1s", 32, -2 * DAY, 4, 2000,
                        Duration.ofMinutes(5), 180),
                new Scenario("5s tiles", List.of("10s", "1m", "15m", "2h", "1d"), "5s", 41, BASE, 3, 2500,
                        Duration.ofMinutes(20), 200),
                new Scenario("1h tiles", List.of("1h", "6h", "2d"), "1h", 51, BASE, 6, 1500, Duration.ofHours(3),
                        150));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyFunctionOfEveryWindowEqualsTheOracleOverTheDocumentedWindow(Scenario s) {
        Random random = new Random(s.seed());
        PartialLayoutBuilder schema = EveryFunction.layout();
        PartialLayout layout = schema.build();
        TilePlan plan = plan(s.windows(), s.tileSize());
        List<Event> events = randomEvents(random).between(s.from(), s.from() + s.days() * DAY).count(s.events())
                .longestBurst(s.burst().toMillis()).build();

        KeyTiles tiles = KeyTiles.empty(plan, layout);
        for (Event e : events) {
            assertThat(tiles.offer(e.partition(), e.eventMillis(), e.kafkaMillis(), e.inputs(layout.inputColumns()),
                    ACCEPT_ALL)).as("seed %d: %s", s.seed(), e).isEqualTo(EventTimePolicy.Decision.ACCEPT);
        }

        Oracle oracle = new Oracle(s.windows(), s.tileSize(), schema, events);
        for (long t : readTimes(random, s, events)) {
            oracle.check(t, WindowedFeatures.read(plan, layout, tiles::tile, t));
        }

        assertThat(oracle.mismatches).as("seed %d: reads that disagree with the oracle (of %d checked)", s.seed(),
                oracle.checked).isEmpty();
        boolean daysLong = s.windows().stream().anyMatch(w -> Window.parse(w).millis() >= DAY);
        oracle.assertCoverage(s.seed(), daysLong);
    }

    /**
     * The tiles a streaming job keeps (pruned after every batch, stored and restored between batches, events late
     * within the allowed lateness) still give the oracle's values at any time at or after the newest event.
     */
    @Test
    void prunedTilesStillGiveTheOracleValuesForReadsAtOrAfterTheNewestEvent() {
        long seed = 61;
        Random random = new Random(seed);
        PartialLayoutBuilder schema = EveryFunction.layout();
        PartialLayout layout = schema.build();
        List<String> windows = List.of("1m", "1h", "3h", "1d", "7d");
        TilePlan plan = plan(windows, "1s");
        EventTimePolicy policy = new EventTimePolicy(Duration.ofMinutes(30), Duration.ofMinutes(5));
        // Delivered in time order but up to 20 minutes late against earlier deliveries: all within the lateness.
        List<Event> events = randomEvents(random).between(BASE, BASE + 12 * DAY).count(1500)
                .longestBurst(Duration.ofMinutes(30).toMillis()).partitions(1).build();
        List<Event> delivered = new ArrayList<>(events);
        delivered.sort(Comparator.comparingLong(e -> e.eventMillis() + (long) (random.nextDouble() * 1_200_000)));

        Oracle oracle = new Oracle(windows, "1s", schema, events);
        byte[] state = KeyTiles.empty(plan, layout).encode();
        int next = 0;
        int maxTiles = 0;
        while (next < delivered.size()) {
            KeyTiles tiles = KeyTiles.decode(state, plan, layout);
            int end = Math.min(delivered.size(), next + 1 + random.nextInt(50));
            for (Event e : delivered.subList(next, end)) {
                assertThat(tiles.offer(e.partition(), e.eventMillis(), e.eventMillis(),
                        e.inputs(layout.inputColumns()), policy)).as("seed %d: %s", seed, e)
                        .isEqualTo(EventTimePolicy.Decision.ACCEPT);
            }
            tiles.prune();
            maxTiles = Math.max(maxTiles, tiles.tileCount());
            oracle.accepted(delivered.subList(0, end));
            long newest = tiles.newest();
            for (long t : new long[] {newest + random.nextInt(2_000), newest + random.nextInt(7_200_000),
                    newest + (long) (random.nextDouble() * 8 * DAY)}) {
                oracle.check(t, WindowedFeatures.read(plan, layout, tiles::tile, t));
            }
            state = tiles.encode();
            next = end;
        }

        assertThat(oracle.mismatches).as("seed %d: reads that disagree with the oracle (of %d checked)", seed,
                oracle.checked).isEmpty();
        oracle.assertCoverage(seed, true);
        // After a prune, a level keeps at most span / size + 1 tiles: 1s 6, 5s 14, 1m 6, 5m 38, 1h 170, 1d 9.
        assertThat(maxTiles).as("tiles kept per key").isLessThanOrEqualTo(243);
    }

    private static TilePlan plan(List<String> windows, String tileSize) {
        return TilePlan.of(windows.stream().map(Window::parse).toList(), DurationLiteral.parse(tileSize));
    }

    /**
     * Read times aimed at what can go wrong: arbitrary times near events, exact tile boundaries, the near edge just
     * at, before and after an event, the far edge of each window just at, before and after an event, and times far
     * from any event (empty windows).
     */
    private static List<Long> readTimes(Random random, Scenario s, List<Event> events) {
        long finest = DurationLiteral.parse(s.tileSize()).toMillis();
        List<Long> windows = s.windows().stream().map(w -> Window.parse(w).millis()).toList();
        long longest = windows.stream().mapToLong(Long::longValue).max().orElseThrow();
        long[] alignments = {finest, 60_000, 3_600_000, DAY};
        List<Long> times = new ArrayList<>();
        while (times.size() < s.reads()) {
            long event = events.get(random.nextInt(events.size())).eventMillis();
            long window = windows.get(random.nextInt(windows.size()));
            int edge = random.nextInt(3) - 1;
            double kind = random.nextDouble();
            if (kind < 0.3) {
                times.add(event + (long) (random.nextDouble() * window * 1.2) - 1000);
            } else if (kind < 0.45) {
                times.add(Math.floorDiv(event, finest) * finest + random.nextInt(3) * finest + edge);
            } else if (kind < 0.6) {
                long c = new NaiveWindow(window, finest).farEdge();
                times.add(Math.floorDiv(event + window, finest) * finest + random.nextInt(2) * c + edge);
            } else if (kind < 0.8) {
                long a = Math.max(finest, alignments[random.nextInt(alignments.length)]);
                times.add(Math.floorDiv(event + (long) (random.nextDouble() * window), a) * a);
            } else {
                long from = s.from() - longest;
                long to = s.from() + s.days() * DAY + longest + DAY;
                times.add(from + (long) (random.nextDouble() * (to - from)));
            }
        }
        return times;
    }

    /** Checks reads against {@link NaiveAggregator} over the accepted events, and counts what the data exercised. */
    private static final class Oracle {
        private final List<AggregationSpec> aggregations;
        private final Map<String, ValueType> types;
        private final long finest;
        private final List<Long> windows = new ArrayList<>();
        private List<Event> events;
        final List<String> mismatches = new ArrayList<>();
        int checked;
        private int emptyWindows;
        private int singleEventWindows;
        private int largestWindow;
        private int nanResults;
        private int infiniteResults;
        private int overflowedSums;
        private int exactLongSums;

        /** The oracle of a feature set of {@code windows} and {@code tileSize} (literals, as declared). */
        Oracle(List<String> windows, String tileSize, PartialLayoutBuilder schema, List<Event> events) {
            this.aggregations = schema.aggregations();
            this.types = schema.columnTypes();
            this.finest = DurationLiteral.parse(tileSize).toMillis();
            for (String w : windows) {
                this.windows.add(DurationLiteral.parse(w).toMillis());
            }
            accepted(events);
        }

        void accepted(List<Event> accepted) {
            this.events = List.copyOf(accepted);
        }

        void check(long t, Object[] actual) {
            assertThat(actual).hasSize(aggregations.size() * windows.size());
            for (int w = 0; w < windows.size(); w++) {
                NaiveWindow window = new NaiveWindow(windows.get(w), finest);
                List<Event> inWindow = events.stream().filter(e -> window.covers(t, e.eventMillis())).toList();
                count(inWindow.size());
                for (int a = 0; a < aggregations.size(); a++) {
                    AggregationSpec aggregation = aggregations.get(a);
                    String column = aggregation.column();
                    List<Object> values = new ArrayList<>();
                    inWindow.forEach(e -> values.add(e.value(column)));
                    Object expected = NaiveAggregator.aggregate(aggregation.function(), types.get(column), values);
                    Object value = actual[a * windows.size() + w];
                    count(aggregation, values, value);
                    checked++;
                    String why = NaiveAggregator.disagreement(aggregation.function(), expected, value, TOLERANCE);
                    if (why != null && mismatches.size() < 30) {
                        mismatches.add("read at " + t + " (" + Instant.ofEpochMilli(t) + "), window "
                                + Duration.ofMillis(windows.get(w)) + " [" + window.start(t) + ", " + window.end(t)
                                + ") with " + inWindow.size() + " events, " + aggregation.function() + "(" + column
                                + "): " + why);
                    }
                }
            }
        }

        private void count(int size) {
            emptyWindows += size == 0 ? 1 : 0;
            singleEventWindows += size == 1 ? 1 : 0;
            largestWindow = Math.max(largestWindow, size);
        }

        private void count(AggregationSpec aggregation, List<Object> values, Object value) {
            if (value instanceof Double d) {
                nanResults += d.isNaN() ? 1 : 0;
                infiniteResults += d.isInfinite() ? 1 : 0;
            }
            if (aggregation.function() == AggregateFunction.SUM && aggregation.column().equals("quantity")
                    && values.stream().anyMatch(v -> v != null)) {
                overflowedSums += value == null ? 1 : 0;
                exactLongSums += value != null ? 1 : 0;
            }
        }

        /** The data must have exercised what the test claims to check, or the test could not fail. */
        void assertCoverage(long seed, boolean longWindows) {
            assertThat(emptyWindows).as("seed %d: empty windows", seed).isPositive();
            assertThat(singleEventWindows).as("seed %d: single-event windows", seed).isPositive();
            assertThat(nanResults).as("seed %d: NaN results", seed).isPositive();
            assertThat(infiniteResults).as("seed %d: infinite results", seed).isPositive();
            assertThat(exactLongSums).as("seed %d: long sums in range", seed).isPositive();
            if (longWindows) {
                assertThat(largestWindow).as("seed %d: events in the largest window", seed).isGreaterThan(100);
                assertThat(overflowedSums).as("seed %d: long sums out of range", seed).isPositive();
            }
        }
    }
}
