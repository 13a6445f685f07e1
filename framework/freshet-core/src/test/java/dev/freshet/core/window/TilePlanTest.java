package dev.freshet.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.core.testdata.NaiveWindow;
import dev.freshet.core.time.DurationLiteral;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tile ladder: kept levels, the window a read covers, the tiles it merges, and how long tiles are kept. */
class TilePlanTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long BASE = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private static final List<String> LADDER = List.of("1s", "5s", "1m", "5m", "1h", "1d");

    private static TilePlan plan(String tileSize, String... windows) {
        return TilePlan.of(Arrays.stream(windows).map(Window::parse).toList(), DurationLiteral.parse(tileSize));
    }

    private static TilePlan transactions() {
        return plan("1s", "1m", "1h", "3h", "1d", "7d");
    }

    private static List<String> levels(TilePlan plan) {
        return IntStream.range(0, plan.levels()).mapToObj(l -> DurationLiteral.format(Duration.ofMillis(plan.size(l))))
                .toList();
    }

    private static int tilesMerged(TilePlan plan, long t) {
        return IntStream.range(0, plan.windows()).map(w -> plan.cover(w, t).size()).sum();
    }

    private static long millis(String literal) {
        return DurationLiteral.parse(literal).toMillis();
    }

    // ---- levels and far edges -----------------------------------------------------------------------------------

    @Test
    void keepsEveryLevelFromTheFinestTileUpToTheLongestWindow() {
        assertThat(levels(transactions())).containsExactly("1s", "5s", "1m", "5m", "1h", "1d");
        assertThat(levels(plan("1s", "1s", "5s", "10s", "15s"))).containsExactly("1s", "5s");
        assertThat(levels(plan("1m", "1h", "3h"))).containsExactly("1m", "5m", "1h");
        assertThat(levels(plan("5s", "10s", "1m"))).containsExactly("5s", "1m");
        assertThat(levels(plan("1h", "1h"))).containsExactly("1h");
    }

    @Test
    void aLevelIsFoundBySize() {
        TilePlan plan = plan("5s", "1h");

        assertThat(plan.level(millis("5s"))).isZero();
        assertThat(plan.level(millis("1h"))).isEqualTo(3);
        assertThat(plan.level(millis("1s"))).isEqualTo(-1);
        assertThat(plan.level(millis("1d"))).isEqualTo(-1);
        assertThat(plan.finest()).isEqualTo(millis("5s"));
    }

    @ParameterizedTest(name = "c({0}) = {1}")
    @CsvSource({
        "1s, 1s", "5s, 1s", "10s, 1s", "15s, 1s", "59s, 1s", "1m, 5s", "10m, 5s", "11m, 5s", "12m, 1m", "59m, 1m",
        "1h, 5m", "3h, 5m", "11h, 5m", "12h, 1h", "1d, 1h", "7d, 1h", "11d, 1h", "12d, 1d", "30d, 1d"})
    void farEdgeIsTheLargestLevelAtMostATwelfthOfTheWindow(String window, String farEdge) {
        TilePlan plan = plan("1s", window);

        assertThat(plan.coarse(0)).isEqualTo(millis(farEdge));
        assertThat(new NaiveWindow(millis(window), plan.finest()).farEdge()).isEqualTo(millis(farEdge));
    }

    @Test
    void farEdgeIsNeverFinerThanTheTileSize() {
        TilePlan plan = plan("1m", "1m", "10m", "1h");

        assertThat(plan.coarse(0)).isEqualTo(millis("1m"));
        assertThat(plan.coarse(1)).isEqualTo(millis("1m"));
        assertThat(plan.coarse(2)).isEqualTo(millis("5m"));
    }

    // ---- read times and windows ---------------------------------------------------------------------------------

    @Test
    void aReadIsMadeAtTheLastFinestTileBoundary() {
        TilePlan plan = plan("5s", "1m");

        assertThat(plan.readTime(BASE + 4_999)).isEqualTo(BASE);
        assertThat(plan.readTime(BASE + 5_000)).isEqualTo(BASE + 5_000);
        assertThat(plan.readTime(-1)).isEqualTo(-5_000);
        assertThat(plan.readTime(-5_000)).isEqualTo(-5_000);
    }

    @Test
    void shortWindowsStartExactlyTheirLengthBeforeTheReadTime() {
        TilePlan plan = plan("1s", "1s", "5s", "10s", "15s");
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            long t = BASE + (long) (random.nextDouble() * 30 * DAY) - 15 * DAY;
            for (int w = 0; w < plan.windows(); w++) {
                assertThat(plan.windowStart(w, t)).as("t=%d", t).isEqualTo(plan.readTime(t) - plan.window(w));
            }
        }
    }

    @Test
    void longWindowsStartAtTheirFarEdgeTileAtOrBeforeTheirLength() {
        TilePlan plan = transactions();
        long t = BASE + 10 * HOUR + 17 * MINUTE + 42 * SECOND + 123;

        assertThat(plan.windowStart(0, t)).isEqualTo(BASE + 10 * HOUR + 16 * MINUTE + 40 * SECOND);
        assertThat(plan.windowStart(1, t)).isEqualTo(BASE + 9 * HOUR + 15 * MINUTE);
        assertThat(plan.windowStart(2, t)).isEqualTo(BASE + 7 * HOUR + 15 * MINUTE);
        assertThat(plan.windowStart(3, t)).isEqualTo(BASE - DAY + 10 * HOUR);
        assertThat(plan.windowStart(4, t)).isEqualTo(BASE - 7 * DAY + 10 * HOUR);
    }

    /**
     * For random plans and read times: the cover is aligned tiles of kept levels, each starting where the previous
     * ended, from {@code S} to {@code T} exactly, with {@code S} aligned to {@code c(w)} and
     * {@code T - w - c(w) < S <= T - w}.
     */
    @Test
    void coverExactlyTilesTheDocumentedWindow() {
        long seed = 20260105;
        Random random = new Random(seed);
        for (int trial = 0; trial < 300; trial++) {
            String tileSize = LADDER.get(random.nextInt(5));
            long finest = millis(tileSize);
            List<Window> windows = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                long multiple = 1 + (long) Math.floor(Math.pow(10, random.nextDouble() * 5));
                windows.add(new Window(Duration.ofMillis(Math.min(multiple * finest, 60 * DAY))));
            }
            TilePlan plan = TilePlan.of(windows, Duration.ofMillis(finest));
            for (int read = 0; read < 20; read++) {
                long t = BASE + (long) ((random.nextDouble() - 0.5) * 3650 * DAY);
                if (random.nextBoolean()) {
                    t = Math.floorDiv(t, finest) * finest;
                }
                for (int w = 0; w < plan.windows(); w++) {
                    NaiveWindow expected = new NaiveWindow(plan.window(w), finest);
                    String context = "seed " + seed + ", trial " + trial + ", windows " + windows + ", tile "
                            + tileSize + ", window " + windows.get(w) + ", t " + t;
                    long start = plan.windowStart(w, t);
                    long end = plan.readTime(t);
                    long c = plan.coarse(w);

                    assertThat(end).as(context).isEqualTo(expected.end(t));
                    assertThat(start).as(context).isEqualTo(expected.start(t));
                    assertThat(c).as(context).isEqualTo(expected.farEdge());
                    assertThat(Math.floorMod(start, c)).as(context).isZero();
                    assertThat(start).as(context).isLessThanOrEqualTo(end - plan.window(w))
                            .isGreaterThan(end - plan.window(w) - c);

                    long position = start;
                    for (TileRef tile : plan.cover(w, t)) {
                        assertThat(tile.level()).as(context).isBetween(0, plan.levels() - 1);
                        long size = plan.size(tile.level());
                        assertThat(tile.index() * size).as(context + ", tile " + tile).isEqualTo(position);
                        assertThat(plan.tileIndex(tile.level(), position)).as(context).isEqualTo(tile.index());
                        position += size;
                    }
                    assertThat(position).as(context + ": the cover ends at T").isEqualTo(end);
                }
            }
        }
    }

    /**
     * The tiles a read merges, worst case over every read time (the pattern repeats daily: every window is a whole
     * number of days or divides one). Observed for 1m, 1h, 3h, 1d, 7d: 16, 31, 33, 54 and 60 tiles, 194 in all.
     */
    @Test
    void aReadOfTheTransactionWindowsMergesAtMost60TilesPerWindowAnd194InAll() {
        TilePlan plan = transactions();
        int[] most = new int[plan.windows()];
        int mostInAll = 0;
        for (long t = BASE; t < BASE + DAY; t += SECOND) {
            for (int w = 0; w < plan.windows(); w++) {
                most[w] = Math.max(most[w], plan.cover(w, t).size());
            }
            mostInAll = Math.max(mostInAll, tilesMerged(plan, t));
        }

        assertThat(most).containsExactly(16, 31, 33, 54, 60);
        assertThat(mostInAll).isEqualTo(194);
    }

    @Test
    void aReadOfTheLoginWindowsMergesAtMost19Tiles() {
        TilePlan plan = plan("1s", "1s", "5s", "10s", "15s");
        int most = 0;
        for (long t = BASE; t < BASE + MINUTE; t += SECOND) {
            most = Math.max(most, tilesMerged(plan, t));
        }

        assertThat(most).isEqualTo(19);
    }

    // ---- retention ----------------------------------------------------------------------------------------------

    /**
     * For random plans, newest events and read times at or after them: every tile any cover needs is kept. (A tile
     * after the newest event holds nothing yet; it is kept trivially.)
     */
    @Test
    void keepNeverDropsATileAReadAtOrAfterTheNewestEventNeeds() {
        long seed = 424242;
        Random random = new Random(seed);
        for (int trial = 0; trial < 200; trial++) {
            String tileSize = LADDER.get(random.nextInt(5));
            long finest = millis(tileSize);
            List<Window> windows = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                long multiple = 1 + (long) Math.floor(Math.pow(10, random.nextDouble() * 5));
                windows.add(new Window(Duration.ofMillis(Math.min(multiple * finest, 30 * DAY))));
            }
            TilePlan plan = TilePlan.of(windows, Duration.ofMillis(finest));
            long newest = BASE + (long) (random.nextDouble() * DAY);
            for (int read = 0; read < 40; read++) {
                long after = switch (read % 4) {
                    case 0 -> random.nextInt((int) finest);
                    case 1 -> (long) (random.nextDouble() * 2 * HOUR);
                    default -> (long) (random.nextDouble() * (plan.retention() + DAY));
                };
                long t = newest + after;
                for (int w = 0; w < plan.windows(); w++) {
                    for (TileRef tile : plan.cover(w, t)) {
                        assertThat(plan.keep(tile, newest)).as("seed %d, trial %d, windows %s, tile %s: %s for a read"
                                + " at newest + %d ms", seed, trial, windows, tileSize, tile, after).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aTileIsKeptUntilItsEndIsItsLevelsSpanBeforeTheNewestEvent() {
        TilePlan plan = transactions();
        int hours = plan.level(HOUR);
        TileRef tile = new TileRef(hours, Math.floorDiv(BASE, HOUR));
        long end = BASE + HOUR;

        assertThat(plan.span(hours)).isEqualTo(7 * DAY + HOUR);
        assertThat(plan.keep(tile, end + plan.span(hours) - 1)).isTrue();
        assertThat(plan.keep(tile, end + plan.span(hours))).isFalse();
    }

    @Test
    void retentionIsTheLongestWindowPlusItsFarEdge() {
        assertThat(transactions().retention()).isEqualTo(7 * DAY + HOUR);
        assertThat(plan("1s", "1s", "5s", "10s", "15s").retention()).isEqualTo(16 * SECOND);
        assertThat(plan("1s", "10s", "90s", "2h", "3d").retention()).isEqualTo(3 * DAY + HOUR);
    }

    @Test
    void levelsFinerThanEveryFarEdgeAreKeptOnlyForTheRecentEndOfReads() {
        TilePlan plan = plan("1s", "1h", "1d");

        // 1s and 5s tiles are used only at the recent end of a read, and 1m tiles too for both windows (c = 5m, 1h).
        assertThat(plan.span(plan.level(SECOND))).isEqualTo(5 * SECOND);
        assertThat(plan.span(plan.level(5 * SECOND))).isEqualTo(MINUTE);
        assertThat(plan.span(plan.level(MINUTE))).isEqualTo(5 * MINUTE);
        assertThat(plan.span(plan.level(5 * MINUTE))).isEqualTo(HOUR + 5 * MINUTE);
    }

    // ---- what pruned tiles still answer -------------------------------------------------------------------------

    /** A random plan with finest tile {@code tileSize}: one to five windows, multiples of it, up to {@code most}. */
    private static TilePlan randomPlan(Random random, String tileSize, long most) {
        long finest = millis(tileSize);
        List<Window> windows = new ArrayList<>();
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            long multiple = 1 + (long) Math.floor(Math.pow(10, random.nextDouble() * 5));
            windows.add(new Window(Duration.ofMillis(Math.max(finest, Math.min(multiple * finest, most / finest
                    * finest)))));
        }
        return TilePlan.of(windows, Duration.ofMillis(finest));
    }

    /** Brute force: whether no tile of any window's cover for a read at {@code t} is pruned for {@code oldestRead}. */
    private static boolean everyCoverTileKept(TilePlan plan, long t, long oldestRead) {
        for (int w = 0; w < plan.windows(); w++) {
            for (TileRef tile : plan.cover(w, t)) {
                if (!plan.keep(tile, oldestRead)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * For random plans of every tile size and random oldest reads {@code P}: the earliest answerable instant is what
     * trying every read from {@code P} backwards finds, one finest tile after the first read refused, and less than
     * the finest level's span and one finest tile before {@code P}; every read from it on answers, the one just
     * before it does not, and so does every read at or after {@code P} (the retention claim of the class comment),
     * up to past the retention.
     */
    @ParameterizedTest(name = "tile {0}")
    @ValueSource(strings = {"1s", "5s", "1m", "5m", "1h"})
    void theEarliestAnswerableReadIsTheOneAfterTheLatestReadThatNeedsAPrunedTile(String tileSize) {
        long seed = 20260301 + tileSize.hashCode();
        Random random = new Random(seed);
        long finest = millis(tileSize);
        for (int trial = 0; trial < 60; trial++) {
            TilePlan plan = randomPlan(random, tileSize, 10 * DAY);
            long oldestRead = BASE + (long) ((random.nextDouble() - 0.5) * 3650 * DAY);
            if (trial % 3 == 0) {
                long alignment = plan.size(random.nextInt(plan.levels()));
                oldestRead = Math.floorDiv(oldestRead, alignment) * alignment - (random.nextBoolean() ? 0 : 1);
            }
            String context = "seed " + seed + ", trial " + trial + ", " + plan.describe() + ", oldest read "
                    + oldestRead;
            long refused = plan.readTime(oldestRead);
            while (everyCoverTileKept(plan, refused, oldestRead)) {
                refused -= finest;
            }
            long earliest = plan.earliestAnswerable(oldestRead);

            assertThat(earliest).as(context).isEqualTo(refused + finest);
            assertThat(Math.floorMod(earliest, finest)).as(context).isZero();
            assertThat(earliest).as(context).isLessThanOrEqualTo(plan.readTime(oldestRead))
                    .as(context + ": less than the finest tiles' span and one finest tile before P")
                    .isGreaterThan(oldestRead - plan.span(0) - finest);
            assertThat(plan.answers(earliest - finest, oldestRead)).as(context).isFalse();
            assertThat(plan.answers(earliest - 1, oldestRead)).as(context).isFalse();
            for (long t = earliest; t <= plan.readTime(oldestRead); t += finest) {
                assertThat(plan.answers(t, oldestRead)).as(context + ", read at " + t).isTrue();
            }
            for (int read = 0; read < 50; read++) {
                long after = read < 10 ? random.nextInt((int) Math.min(finest * 3, Integer.MAX_VALUE))
                        : (long) (random.nextDouble() * (plan.retention() + 2 * DAY));
                assertThat(plan.answers(oldestRead + after, oldestRead)).as(context + ", read at P + " + after)
                        .isTrue();
                assertThat(plan.answers(earliest + after, oldestRead)).as(context + ", read at E + " + after)
                        .isTrue();
            }
        }
    }

    /** {@link TilePlan#answers} is exactly "every tile of every cover is kept", for reads on both sides of the edge. */
    @ParameterizedTest(name = "tile {0}")
    @ValueSource(strings = {"1s", "5s", "1m", "5m", "1h"})
    void aReadAnswersExactlyWhenNoTileOfItsCoversIsPruned(String tileSize) {
        long seed = 7001 + tileSize.hashCode();
        Random random = new Random(seed);
        int refused = 0;
        int answered = 0;
        for (int trial = 0; trial < 100; trial++) {
            TilePlan plan = randomPlan(random, tileSize, 30 * DAY);
            long oldestRead = BASE + (long) ((random.nextDouble() - 0.5) * 3650 * DAY);
            long earliest = plan.earliestAnswerable(oldestRead);
            for (int read = 0; read < 30; read++) {
                long t = earliest + (long) ((random.nextDouble() - 0.7) * 2 * (plan.retention() + plan.finest()));
                boolean answers = plan.answers(t, oldestRead);

                assertThat(answers).as("seed %d, trial %d, %s, P %d, read at %d", seed, trial, plan.describe(),
                        oldestRead, t).isEqualTo(everyCoverTileKept(plan, t, oldestRead));
                refused += answers ? 0 : 1;
                answered += answers ? 1 : 0;
            }
        }
        assertThat(refused).as("reads refused").isGreaterThan(100);
        assertThat(answered).as("reads answered").isGreaterThan(100);
    }

    /**
     * The login windows keep every tile 16 s after it ends. With {@code P} at 17 s into a minute the read at 14 s
     * needs the second [-1 s, 0 s) for its 15 s window, which ended 18 s before {@code P}: refused, while the read at
     * 15 s starts at a 5 s tile that ends 12 s before {@code P}. At 18 s the read at 16 s starts with the second
     * [1 s, 2 s): refused too, so the earliest instant is 17 s.
     */
    @Test
    void theLoginWindowsAnswerReadsFromOneOrTwoSecondsBeforeTheOldestRead() {
        TilePlan plan = plan("1s", "1s", "5s", "10s", "15s");

        assertThat(plan.earliestAnswerable(BASE + 17 * SECOND)).isEqualTo(BASE + 15 * SECOND);
        assertThat(plan.answers(BASE + 15 * SECOND, BASE + 17 * SECOND)).isTrue();
        assertThat(plan.answers(BASE + 14 * SECOND, BASE + 17 * SECOND)).isFalse();
        assertThat(plan.earliestAnswerable(BASE + 18 * SECOND)).isEqualTo(BASE + 17 * SECOND);
        assertThat(plan.answers(BASE + 16 * SECOND, BASE + 18 * SECOND)).isFalse();
    }

    /**
     * Reads before the earliest instant may still answer when their covers avoid every pruned tile: with second tiles
     * kept 5 s and minute tiles 5 m, a read at a minute boundary needs no second tiles.
     */
    @Test
    void anOlderReadWhoseCoversNeedNoPrunedTileStillAnswers() {
        TilePlan plan = transactions();
        long oldestRead = BASE + 5 * MINUTE;

        assertThat(plan.earliestAnswerable(oldestRead)).isEqualTo(BASE + 4 * MINUTE + 55 * SECOND);
        assertThat(plan.answers(BASE + 4 * MINUTE + 54 * SECOND, oldestRead)).isFalse();
        assertThat(plan.answers(BASE + 4 * MINUTE + SECOND, oldestRead)).isFalse();
        assertThat(plan.answers(BASE + 4 * MINUTE, oldestRead)).isTrue();
    }

    @Test
    void nothingIsRefusedWhenNothingWasPruned() {
        TilePlan plan = transactions();

        assertThat(plan.earliestAnswerable(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(plan.answers(BASE - 3650 * DAY, Long.MIN_VALUE)).isTrue();
    }

    // ---- problems -----------------------------------------------------------------------------------------------

    @Test
    void aPlanNeedsAWindow() {
        assertThat(TilePlan.problem(List.of(), Duration.ofSeconds(1)))
                .contains("there are no windows: declare at least one, such as windows = {\"1h\"}");
        assertThatIllegalArgumentException().isThrownBy(() -> TilePlan.of(List.of(), Duration.ofSeconds(1)))
                .withMessage("there are no windows: declare at least one, such as windows = {\"1h\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PT2S   | tile size 2s is not one of 1s, 5s, 1m, 5m, 1h",
        "PT10M  | tile size 10m is not one of 1s, 5s, 1m, 5m, 1h",
        "PT24H  | tile size 1d is not one of 1s, 5s, 1m, 5m, 1h",
        "PT0.5S | tile size 500ms is not one of 1s, 5s, 1m, 5m, 1h",
        "PT0S   | tile size PT0S is not one of 1s, 5s, 1m, 5m, 1h",
        "PT-1S  | tile size PT-1S is not one of 1s, 5s, 1m, 5m, 1h"})
    void aTileSizeMustBeOnTheLadderBelowOneDay(Duration tileSize, String message) {
        List<Window> windows = List.of(Window.parse("1d"));

        assertThat(TilePlan.problem(windows, tileSize)).contains(message);
        assertThat(TilePlan.tileSizeProblem(tileSize)).contains(message);
        assertThatIllegalArgumentException().isThrownBy(() -> TilePlan.of(windows, tileSize)).withMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT1S", "PT5S", "PT1M", "PT5M", "PT1H"})
    void everyLevelOfTheLadderBelowOneDayIsATileSize(Duration tileSize) {
        assertThat(TilePlan.tileSizeProblem(tileSize)).isEmpty();
    }

    @Test
    void everyWindowMustBeAMultipleOfTheTileSize() {
        List<Window> windows = List.of(Window.parse("1h"), Window.parse("90s"));
        String message = "window 90s is not a multiple of the tile size 1m: use a multiple, or a finer tileSize";

        assertThat(TilePlan.problem(windows, Duration.ofMinutes(1))).contains(message);
        assertThatIllegalArgumentException().isThrownBy(() -> TilePlan.of(windows, Duration.ofMinutes(1)))
                .withMessage(message);
        assertThat(TilePlan.problem(windows, Duration.ofSeconds(5))).isEmpty();
    }

    // ---- field names --------------------------------------------------------------------------------------------

    @Test
    void aTilesFieldNameIsItsSizeInSecondsAndIndex() {
        TilePlan plan = transactions();

        assertThat(plan.fieldName(new TileRef(plan.level(HOUR), 490896))).isEqualTo("3600:490896");
        assertThat(plan.fieldName(new TileRef(0, -3))).isEqualTo("1:-3");
    }

    @Test
    void aFieldNameParsesBackToItsTile() {
        TilePlan plan = transactions();
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            TileRef tile = new TileRef(random.nextInt(plan.levels()),
                    i < 10 ? new long[] {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 7, -7, 86_400, 3600, 60}[i]
                            : random.nextLong() / 1000);

            assertThat(plan.parseFieldName(plan.fieldName(tile))).as(plan.fieldName(tile)).contains(tile);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "__ts", "__v", "amount", ":5", "3600:", "abc:5", "3600:abc", "3600:1.5", "7:5",
        "0:5", "-3600:5", "3600:99999999999999999999", "3600 :5", "86400:3"})
    void aFieldNameThatIsNoTileOfThePlanParsesToNothing(String field) {
        TilePlan plan = plan("1s", "1h", "3h");

        assertThat(plan.parseFieldName(field)).isEmpty();
    }

    // ---- description and serialization --------------------------------------------------------------------------

    @Test
    void describesItsLevelsAndFarEdges() {
        assertThat(transactions().describe()).isEqualTo("levels [1s kept 5s, 5s kept 65s, 1m kept 5m, 5m kept 185m,"
                + " 1h kept 169h, 1d kept 169h]; windows [1m edge 5s, 1h edge 5m, 3h edge 5m, 1d edge 1h, 7d edge 1h]");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        TilePlan plan = transactions();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
        }
        TilePlan copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (TilePlan) in.readObject();
        }

        assertThat(copy.describe()).isEqualTo(plan.describe());
        assertThat(copy.cover(4, BASE + 12_345_678)).isEqualTo(plan.cover(4, BASE + 12_345_678));
    }
}
