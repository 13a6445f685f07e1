package dev.freshet.core.tile;

import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.COUNT;
import static dev.freshet.api.AggregateFunction.MAX;
import static dev.freshet.api.AggregateFunction.MIN;
import static dev.freshet.api.AggregateFunction.SUM;
import static dev.freshet.core.testdata.EventBuilder.anEvent;
import static dev.freshet.core.testdata.PartialLayoutBuilder.aLayout;
import static dev.freshet.core.tile.EventTimePolicy.Decision.ACCEPT;
import static dev.freshet.core.tile.EventTimePolicy.Decision.FUTURE;
import static dev.freshet.core.tile.EventTimePolicy.Decision.LATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.freshet.api.ValueType;
import dev.freshet.core.aggregate.PartialLayout;
import dev.freshet.core.testdata.Event;
import dev.freshet.core.testdata.EveryFunction;
import dev.freshet.core.testdata.RandomValues;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.TileRef;
import dev.freshet.core.window.Window;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The state of one key: watermarks per partition, tiles per level, pruning, encoding, and change tracking. */
class KeyTilesTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

    private final TilePlan transactions = plan("1s", "1m", "1h", "3h", "1d", "7d");
    private final TilePlan login = plan("1s", "1s", "5s", "10s", "15s");
    private final PartialLayout layout = aLayout().column("amount", ValueType.DOUBLE)
            .column("remote", ValueType.BOOLEAN).aggregate(COUNT, "amount").aggregate(SUM, "amount")
            .aggregate(BOOLEAN_OR, "remote").build();
    private final EventTimePolicy policy = new EventTimePolicy(Duration.ofMinutes(10), Duration.ofMinutes(1));

    private static TilePlan plan(String tileSize, String... windows) {
        return TilePlan.of(Arrays.stream(windows).map(Window::parse).toList(), DurationLiteral.parse(tileSize));
    }

    private EventTimePolicy.Decision offer(KeyTiles tiles, int partition, long eventMillis) {
        return tiles.offer(partition, eventMillis, eventMillis, new Object[] {12.5, true}, policy);
    }

    private static Map<TileRef, List<Long>> contents(KeyTiles tiles) {
        return tiles.tiles().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Arrays.stream(e.getValue()).boxed().toList()));
    }

    // ---- decisions and watermarks -------------------------------------------------------------------------------

    @Test
    void anAcceptedEventAdvancesTheWatermarkOfItsPartitionOnly() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);

        assertThat(offer(tiles, 0, T0)).isEqualTo(ACCEPT);

        assertThat(tiles.watermark(0)).isEqualTo(T0);
        assertThat(tiles.watermark(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(tiles.newest()).isEqualTo(T0);
    }

    @Test
    void anEventExactlyTheAllowedLatenessBehindIsAcceptedAndOneMillisecondMoreIsLate() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 0, T0);

        assertThat(offer(tiles, 0, T0 - 10 * MINUTE)).isEqualTo(ACCEPT);
        assertThat(offer(tiles, 0, T0 - 10 * MINUTE - 1)).isEqualTo(LATE);
    }

    @Test
    void anAcceptedLateEventDoesNotMoveTheWatermarkBack() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 0, T0);

        offer(tiles, 0, T0 - 5 * MINUTE);

        assertThat(tiles.watermark(0)).isEqualTo(T0);
        assertThat(tiles.newest()).isEqualTo(T0);
    }

    @Test
    void aLateEventChangesNothing() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 0, T0);
        tiles.clearChanges();
        Map<TileRef, List<Long>> before = contents(tiles);

        assertThat(offer(tiles, 0, T0 - HOUR)).isEqualTo(LATE);

        assertThat(contents(tiles)).isEqualTo(before);
        assertThat(tiles.changedTiles()).isEmpty();
        assertThat(tiles.watermark(0)).isEqualTo(T0);
    }

    @Test
    void aFutureEventChangesNothingAndDoesNotMoveTheWatermark() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);

        assertThat(tiles.offer(0, T0 + MINUTE + 1, T0, new Object[] {1.0, false}, policy)).isEqualTo(FUTURE);

        assertThat(tiles.watermark(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(tiles.newest()).isEqualTo(Long.MIN_VALUE);
        assertThat(tiles.tileCount()).isZero();
        assertThat(tiles.changedTiles()).isEmpty();
        // Had the future event moved the watermark, this one would be an hour late.
        assertThat(offer(tiles, 0, T0 - HOUR)).isEqualTo(ACCEPT);
    }

    @Test
    void anOlderEventOnAnotherPartitionIsNotLate() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 0, T0);

        assertThat(offer(tiles, 1, T0 - DAY)).isEqualTo(ACCEPT);
        assertThat(offer(tiles, 0, T0 - DAY)).isEqualTo(LATE);
        assertThat(tiles.watermark(1)).isEqualTo(T0 - DAY);
    }

    @Test
    void anAcceptedEventUpdatesOneTilePerLevel() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        long t = T0 + 3 * HOUR + 7 * MINUTE + 13 * SECOND + 250;

        offer(tiles, 0, t);

        List<TileRef> expected = new ArrayList<>();
        for (int l = 0; l < transactions.levels(); l++) {
            expected.add(new TileRef(l, Math.floorDiv(t, transactions.size(l))));
        }
        assertThat(tiles.tiles().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (TileRef ref : expected) {
            assertThat(layout.finish(0, tiles.tile(ref))).as("count in %s", ref).isEqualTo(1L);
            assertThat(layout.finish(1, tiles.tile(ref))).as("sum in %s", ref).isEqualTo(12.5);
        }
        assertThat(tiles.tile(new TileRef(0, Math.floorDiv(t, SECOND) + 1))).isNull();
    }

    @Test
    void anEventBefore1970GoesToTheTileThatHoldsIt() {
        KeyTiles tiles = KeyTiles.empty(login, layout);

        offer(tiles, 0, -1);

        assertThat(tiles.tiles().keySet()).containsExactlyInAnyOrder(new TileRef(0, -1), new TileRef(1, -1));
    }

    /** A stream of one key over three partitions, with events late beyond the lateness and too far in the future. */
    private static List<Event> unrulyStream(Random random, int count) {
        RandomValues values = new RandomValues(random);
        List<Event> events = new ArrayList<>();
        long[] offsets = new long[3];
        for (int i = 0; i < count; i++) {
            long arrival = T0 + i * 20 * SECOND;
            long eventTime = arrival + (long) (random.nextGaussian() * 8 * MINUTE) - MINUTE / 2;
            int partition = random.nextInt(3);
            events.add(anEvent().partition(partition).offset(offsets[partition]++).at(eventTime).kafkaTime(arrival)
                    .values(EveryFunction.values(values)).build());
        }
        return events;
    }

    /**
     * The online job sees a key's events in micro-batches and keeps its state in a store between them; a replay or
     * the offline job batches differently. Decisions and final tiles must not depend on where batches end.
     */
    @Test
    void decisionsAndFinalTilesDoNotDependOnBatching() {
        PartialLayout every = EveryFunction.layout().build();
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<Event> events = unrulyStream(random, 600);

            KeyTiles allAtOnce = KeyTiles.empty(transactions, every);
            List<EventTimePolicy.Decision> expected = new ArrayList<>();
            for (Event e : events) {
                expected.add(allAtOnce.offer(e.partition(), e.eventMillis(), e.kafkaMillis(),
                        e.inputs(every.inputColumns()), policy));
            }
            allAtOnce.prune();

            List<EventTimePolicy.Decision> batched = new ArrayList<>();
            byte[] state = KeyTiles.empty(transactions, every).encode();
            int next = 0;
            while (next < events.size()) {
                KeyTiles tiles = KeyTiles.decode(state, transactions, every);
                int end = Math.min(events.size(), next + random.nextInt(40));
                for (Event e : events.subList(next, end)) {
                    batched.add(tiles.offer(e.partition(), e.eventMillis(), e.kafkaMillis(),
                            e.inputs(every.inputColumns()), policy));
                }
                tiles.prune();
                state = tiles.encode();
                next = end;
            }
            KeyTiles last = KeyTiles.decode(state, transactions, every);

            assertThat(expected).as("seed %d: the stream has every kind of event", seed).contains(ACCEPT, LATE, FUTURE);
            assertThat(batched).as("seed %d", seed).isEqualTo(expected);
            assertThat(contents(last)).as("seed %d", seed).isEqualTo(contents(allAtOnce));
            assertThat(last.newest()).isEqualTo(allAtOnce.newest());
            for (int p = 0; p < 3; p++) {
                assertThat(last.watermark(p)).isEqualTo(allAtOnce.watermark(p));
            }
        }
    }

    /**
     * Kafka orders records within a partition only: how partitions interleave differs between runs. Decisions must
     * depend on nothing else, and so must tiles (here with values whose arithmetic is exact in any order).
     */
    @Test
    void decisionsAndTilesDependOnlyOnTheOrderWithinEachPartition() {
        PartialLayout exact = aLayout().column("amount", ValueType.DOUBLE).column("quantity", ValueType.LONG)
                .column("remote", ValueType.BOOLEAN).aggregate(COUNT, "amount").aggregate(SUM, "amount")
                .aggregate(MIN, "amount").aggregate(MAX, "quantity").aggregate(SUM, "quantity")
                .aggregate(BOOLEAN_OR, "remote").build();
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<Event> events = new ArrayList<>();
            for (Event e : unrulyStream(random, 600)) {
                events.add(anEvent().partition(e.partition()).offset(e.offset()).at(e.eventMillis())
                        .kafkaTime(e.kafkaMillis()).value("amount", (double) random.nextInt(1000))
                        .value("quantity", random.nextLong()).value("remote", random.nextBoolean()).build());
            }

            Map<String, EventTimePolicy.Decision> first = decideInterleaved(events, new Random(seed * 31), exact);
            KeyTiles firstTiles = lastTiles;
            Map<String, EventTimePolicy.Decision> second = decideInterleaved(events, new Random(seed * 37), exact);

            assertThat(second).as("seed %d", seed).isEqualTo(first);
            assertThat(contents(lastTiles)).as("seed %d", seed).isEqualTo(contents(firstTiles));
        }
    }

    private KeyTiles lastTiles;

    /** Offers the events, keeping each partition's order but interleaving partitions at random. */
    private Map<String, EventTimePolicy.Decision> decideInterleaved(List<Event> events, Random random,
            PartialLayout exact) {
        Map<Integer, List<Event>> byPartition = events.stream().collect(Collectors.groupingBy(Event::partition));
        Map<Integer, Integer> next = new HashMap<>();
        KeyTiles tiles = KeyTiles.empty(transactions, exact);
        Map<String, EventTimePolicy.Decision> decisions = new HashMap<>();
        List<Integer> partitions = new ArrayList<>(byPartition.keySet());
        while (!partitions.isEmpty()) {
            int p = partitions.get(random.nextInt(partitions.size()));
            int i = next.merge(p, 1, Integer::sum) - 1;
            Event e = byPartition.get(p).get(i);
            decisions.put(e.partition() + "/" + e.offset(), tiles.offer(e.partition(), e.eventMillis(),
                    e.kafkaMillis(), e.inputs(exact.inputColumns()), policy));
            if (i + 1 == byPartition.get(p).size()) {
                partitions.remove(Integer.valueOf(p));
            }
        }
        lastTiles = tiles;
        return decisions;
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    @Test
    void decodesWhatItEncoded() {
        PartialLayout every = EveryFunction.layout().build();
        KeyTiles tiles = KeyTiles.empty(transactions, every);
        for (Event e : unrulyStream(new Random(4), 300)) {
            tiles.offer(e.partition(), e.eventMillis(), e.kafkaMillis(), e.inputs(every.inputColumns()), policy);
        }

        KeyTiles decoded = KeyTiles.decode(tiles.encode(), transactions, every);

        assertThat(contents(decoded)).isEqualTo(contents(tiles)).isNotEmpty();
        assertThat(decoded.tileCount()).isEqualTo(tiles.tileCount());
        assertThat(decoded.newest()).isEqualTo(tiles.newest());
        for (int p = 0; p < 3; p++) {
            assertThat(decoded.watermark(p)).isEqualTo(tiles.watermark(p)).isNotEqualTo(Long.MIN_VALUE);
        }
        assertThat(decoded.changedTiles()).as("a decoded state has no changes").isEmpty();
    }

    @Test
    void keepsWhenTheKeysTilesWereLastWritten() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 2, T0);
        assertThat(tiles.lastWritten()).isEqualTo(Long.MIN_VALUE);
        tiles.written(T0 + 5_000);

        assertThat(KeyTiles.decode(tiles.encode(), transactions, layout).lastWritten()).isEqualTo(T0 + 5_000);
    }

    @Test
    void decodesAVersionOneStateWhichDidNotRecordWrites() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 2, T0);
        offer(tiles, 1, T0 + MINUTE);
        byte[] v2 = tiles.encode();
        // Version 1 is version 2 without the 8 bytes of lastWritten after the newest event time.
        ByteBuffer v1 = ByteBuffer.allocate(v2.length - 8);
        v1.putInt(1).put(v2, 4, 8).put(v2, 20, v2.length - 20);

        KeyTiles decoded = KeyTiles.decode(v1.array(), transactions, layout);

        assertThat(decoded.lastWritten()).isEqualTo(Long.MIN_VALUE);
        assertThat(contents(decoded)).isEqualTo(contents(tiles));
        assertThat(decoded.newest()).isEqualTo(T0 + MINUTE);
        assertThat(decoded.watermark(2)).isEqualTo(T0);
    }

    @Test
    void decodesAnEmptyState() {
        KeyTiles decoded = KeyTiles.decode(KeyTiles.empty(transactions, layout).encode(), transactions, layout);

        assertThat(decoded.tileCount()).isZero();
        assertThat(decoded.newest()).isEqualTo(Long.MIN_VALUE);
        assertThat(decoded.watermark(0)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aDecodedStateDecidesAsTheOriginalWould() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        offer(tiles, 2, T0);
        KeyTiles decoded = KeyTiles.decode(tiles.encode(), transactions, layout);

        assertThat(offer(decoded, 2, T0 - 10 * MINUTE - 1)).isEqualTo(LATE);
        assertThat(offer(decoded, 1, T0 - DAY)).isEqualTo(ACCEPT);
    }

    private static final String INCOMPATIBLE = "the stored tile state was written for other tile sizes or aggregations;"
            + " a changed definition needs a new checkpoint";

    private byte[] stateWithTiles(TilePlan plan, PartialLayout layout) {
        KeyTiles tiles = KeyTiles.empty(plan, layout);
        for (int i = 0; i < 50; i++) {
            tiles.offer(i % 2, T0 + i * 7 * MINUTE, T0 + i * 7 * MINUTE, new Object[layout.inputColumns().size()],
                    policy);
        }
        return tiles.encode();
    }

    @Test
    void refusesAStateWrittenForOtherTileSizes() {
        byte[] state = stateWithTiles(transactions, layout);

        assertThatIllegalStateException().isThrownBy(() -> KeyTiles.decode(state, login, layout))
                .withMessage(INCOMPATIBLE);
        assertThatIllegalStateException()
                .isThrownBy(() -> KeyTiles.decode(state, plan("5s", "1m", "1h", "3h", "1d", "7d"), layout))
                .withMessage(INCOMPATIBLE);
    }

    @Test
    void refusesAStateWrittenForWiderPartialAggregates() {
        PartialLayout wider = aLayout().column("amount", ValueType.DOUBLE).column("remote", ValueType.BOOLEAN)
                .aggregate(COUNT, "amount").aggregate(SUM, "amount").aggregate(BOOLEAN_OR, "remote")
                .aggregate(MAX, "amount").build();
        byte[] state = stateWithTiles(transactions, wider);

        assertThatIllegalStateException().isThrownBy(() -> KeyTiles.decode(state, transactions, layout))
                .withMessage(INCOMPATIBLE);
    }

    @Test
    void refusesAStateWrittenForNarrowerPartialAggregates() {
        PartialLayout narrower = aLayout().column("amount", ValueType.DOUBLE).column("remote", ValueType.BOOLEAN)
                .aggregate(COUNT, "amount").aggregate(BOOLEAN_OR, "remote").build();
        byte[] state = stateWithTiles(transactions, narrower);

        assertThatIllegalStateException().isThrownBy(() -> KeyTiles.decode(state, transactions, layout))
                .withMessage(INCOMPATIBLE);
    }

    @Test
    void refusesATruncatedState() {
        byte[] state = stateWithTiles(transactions, layout);
        for (int length : new int[] {0, 3, 13, state.length / 2, state.length - 1}) {
            byte[] truncated = Arrays.copyOf(state, length);

            assertThatIllegalStateException().as("%d of %d bytes", length, state.length)
                    .isThrownBy(() -> KeyTiles.decode(truncated, transactions, layout)).withMessage(INCOMPATIBLE);
        }
    }

    @Test
    void refusesAStateOfAnotherVersion() {
        byte[] state = stateWithTiles(transactions, layout);
        ByteBuffer.wrap(state).putInt(0, 3);

        assertThatIllegalStateException().isThrownBy(() -> KeyTiles.decode(state, transactions, layout))
                .withMessage("tile state version 3 is not 1 or 2");
    }

    // ---- pruning ------------------------------------------------------------------------------------------------

    /**
     * Ten days at one event a minute, pruned after every event. A level keeps the tiles that end within its span of
     * the newest event: 1s 5s (1 tile at this rate), 5s 65s (2), 1m 5m (6), 5m 3h5m (38), 1h 7d1h (170), 1d 7d1h
     * (9): at most 226, which is also the observed maximum (224 after the tenth day: 1 + 1 + 6 + 38 + 170 + 8).
     */
    @Test
    void pruningKeepsTheStateOfABusyKeyBounded() {
        KeyTiles tiles = KeyTiles.empty(transactions, layout);
        int most = 0;
        int mostOnDayOne = 0;
        for (int minute = 0; minute < 10 * 24 * 60; minute++) {
            long t = T0 + minute * MINUTE + (minute * 7919L % MINUTE);
            assertThat(offer(tiles, 0, t)).isEqualTo(ACCEPT);
            tiles.prune();
            most = Math.max(most, tiles.tileCount());
            if (minute < 24 * 60) {
                mostOnDayOne = Math.max(mostOnDayOne, tiles.tileCount());
            }
        }

        assertThat(most).isLessThanOrEqualTo(226);
        assertThat(tiles.tileCount()).as("after ten days").isGreaterThan(200);
        assertThat(mostOnDayOne).isLessThan(most);
    }

    @Test
    void pruningDoesNotChangeAnyReadAtOrAfterTheNewestEvent() {
        PartialLayout every = EveryFunction.layout().build();
        Random random = new Random(77);
        RandomValues values = new RandomValues(random);
        KeyTiles tiles = KeyTiles.empty(transactions, every);
        for (int i = 0; i < 2000; i++) {
            long t = T0 + (long) (random.nextDouble() * 10 * DAY);
            tiles.offer(0, t, t, EveryFunction.values(values).values().toArray(), new EventTimePolicy(
                    Duration.ofDays(100), Duration.ofDays(100)));
        }
        KeyTiles pruned = KeyTiles.decode(tiles.encode(), transactions, every);
        pruned.prune();
        assertThat(pruned.tileCount()).isLessThan(tiles.tileCount() / 2);

        for (int read = 0; read < 300; read++) {
            long t = tiles.newest() + (read < 20 ? read : (long) (random.nextDouble() * 8 * DAY));

            assertThat(WindowedFeatures.read(transactions, every, pruned::tile, t)).as("read at newest + %d ms",
                    t - tiles.newest()).isEqualTo(WindowedFeatures.read(transactions, every, tiles::tile, t));
        }
    }

    // ---- change tracking ----------------------------------------------------------------------------------------

    @Test
    void changedTilesAreTheTilesAcceptedEventsUpdatedWithTheirCurrentValues() {
        KeyTiles tiles = KeyTiles.empty(login, layout);
        offer(tiles, 0, T0 + 100);
        offer(tiles, 0, T0 + 1_100);
        offer(tiles, 0, T0 + 1_200);

        Map<TileRef, long[]> changed = tiles.changedTiles();

        long second = T0 / SECOND;
        assertThat(changed.keySet()).containsExactlyInAnyOrder(new TileRef(0, second), new TileRef(0, second + 1),
                new TileRef(1, T0 / (5 * SECOND)));
        assertThat(layout.finish(0, changed.get(new TileRef(0, second + 1)))).isEqualTo(2L);
        assertThat(layout.finish(0, changed.get(new TileRef(1, T0 / (5 * SECOND))))).isEqualTo(3L);
    }

    @Test
    void clearingChangesForgetsChangedAndRemovedTiles() {
        KeyTiles tiles = KeyTiles.empty(login, layout);
        offer(tiles, 0, T0);
        offer(tiles, 0, T0 + MINUTE);
        tiles.prune();
        assertThat(tiles.removedTiles()).isNotEmpty();

        tiles.clearChanges();

        assertThat(tiles.changedTiles()).isEmpty();
        assertThat(tiles.removedTiles()).isEmpty();
    }

    @Test
    void rejectedEventsChangeNoTile() {
        KeyTiles tiles = KeyTiles.empty(login, layout);
        offer(tiles, 0, T0);
        tiles.clearChanges();

        offer(tiles, 0, T0 - HOUR);
        tiles.offer(0, T0 + HOUR, T0, new Object[] {1.0, true}, policy);

        assertThat(tiles.changedTiles()).isEmpty();
    }

    @Test
    void prunedTilesAreReportedRemovedAndNoLongerChanged() {
        KeyTiles tiles = KeyTiles.empty(login, layout);
        offer(tiles, 0, T0);
        offer(tiles, 0, T0 + MINUTE);

        tiles.prune();

        Set<TileRef> old = Set.of(new TileRef(0, T0 / SECOND), new TileRef(1, T0 / (5 * SECOND)));
        assertThat(tiles.removedTiles()).isEqualTo(old);
        assertThat(tiles.changedTiles().keySet()).doesNotContainAnyElementsOf(old).hasSize(2);
        assertThat(tiles.tileCount()).isEqualTo(2);
    }

    @Test
    void aPrunedTileWrittenAgainByALateEventIsChangedNotRemoved() {
        KeyTiles tiles = KeyTiles.empty(login, layout);
        offer(tiles, 0, T0);
        offer(tiles, 0, T0 + MINUTE);
        tiles.prune();

        assertThat(offer(tiles, 0, T0)).isEqualTo(ACCEPT);

        TileRef again = new TileRef(0, T0 / SECOND);
        assertThat(tiles.removedTiles()).doesNotContain(again);
        assertThat(tiles.changedTiles()).containsKey(again);
        assertThat(layout.finish(0, tiles.tile(again))).as("only the late event").isEqualTo(1L);
    }
}
