package dev.freshet.core.window;

import dev.freshet.core.time.DurationLiteral;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The tile ladder of a feature set's windows: which tile sizes are kept, which tiles a read at time {@code t} merges
 * for each window, and how long each size must be kept.
 *
 * <p><b>Levels.</b> Tile sizes come from the ladder {@value #LADDER_TEXT}, each dividing the next. A plan keeps the
 * levels from its finest tile (the feature set's {@code tileSize}, default 1 s) up to its longest window. An event
 * updates one tile per level, whatever the windows: per-event cost does not grow with window length or count.
 *
 * <p><b>Reads.</b> A read at time {@code t} is a read at {@code T = floor(t, finest)}: it sees events strictly before
 * the last finest-tile boundary. For a window {@code w}, it covers event times {@code [S, T)} with
 * {@code S = floor(T - w, c(w))}, where {@code c(w)} is the largest kept level {@code <= w / 12} (and at least the
 * finest): the far edge of a long window is rounded down to a coarse tile, so the window covers at most
 * {@code c(w)} more than its length (less than 1/12 of it); short windows ({@code w <= 12 x finest}) are exact.
 * {@code [S, T)} is covered greedily from the left by the largest aligned tile that fits, so a read merges few tiles
 * (for windows up to 7 days and a 1 s finest tile, at most about 80).
 *
 * <p><b>Retention.</b> A tile of level {@code L} is needed by reads at times at or after the key's newest event only
 * while its end is within {@code span(L)} of that event: {@code w + c(w)} for levels at or above a window's
 * {@code c(w)}, and the next level's size for finer levels, which a read only uses at its recent end. Older tiles are
 * pruned, so state per key is bounded (windows 1m..7d: at most about 235 tiles).
 *
 * <p>Immutable, serializable.
 */
public final class TilePlan implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The ladder of tile sizes. */
    public static final List<Duration> LADDER = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(1));
    static final String LADDER_TEXT = "1s, 5s, 1m, 5m, 1h, 1d";

    private final long[] sizes;
    private final long[] windows;
    private final long[] coarse;
    private final long[] spans;

    private TilePlan(long[] sizes, long[] windows) {
        this.sizes = sizes;
        this.windows = windows;
        this.coarse = new long[windows.length];
        for (int w = 0; w < windows.length; w++) {
            long c = sizes[0];
            for (long size : sizes) {
                if (size * 12 <= windows[w]) {
                    c = size;
                }
            }
            coarse[w] = c;
        }
        this.spans = new long[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            long span = 0;
            for (int w = 0; w < windows.length; w++) {
                long reach = windows[w] + coarse[w];
                if (sizes[l] <= reach) {
                    // Tiles at or above c(w) may sit anywhere in the window; finer ones only at its recent end, where
                    // the greedy cover uses a level only while the next one no longer fits: within next(L) of T.
                    span = Math.max(span, sizes[l] >= coarse[w] ? reach : sizes[l + 1]);
                }
            }
            spans[l] = span;
        }
    }

    /**
     * The plan of {@code windows} with finest tile {@code tileSize}.
     *
     * @throws IllegalArgumentException as {@link #problem} describes
     */
    public static TilePlan of(List<Window> windows, Duration tileSize) {
        problem(windows, tileSize).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        long finest = tileSize.toMillis();
        long longest = windows.stream().mapToLong(Window::millis).max().orElseThrow();
        List<Long> kept = new ArrayList<>();
        for (Duration size : LADDER) {
            long s = size.toMillis();
            if (s >= finest && (s == finest || s <= longest)) {
                kept.add(s);
            }
        }
        return new TilePlan(kept.stream().mapToLong(Long::longValue).toArray(),
                windows.stream().mapToLong(Window::millis).toArray());
    }

    /** What is wrong with a plan of {@code windows} and {@code tileSize}, if anything. */
    public static Optional<String> problem(List<Window> windows, Duration tileSize) {
        if (windows.isEmpty()) {
            return Optional.of("there are no windows: declare at least one, such as windows = {\"1h\"}");
        }
        Optional<String> tile = tileSizeProblem(tileSize);
        if (tile.isPresent()) {
            return tile;
        }
        for (Window w : windows) {
            if (w.millis() % tileSize.toMillis() != 0) {
                return Optional.of("window " + w.label() + " is not a multiple of the tile size "
                        + literal(tileSize) + ": use a multiple, or a finer tileSize");
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code tileSize} as the finest tile of a plan, if anything: it must be on the ladder, below
     * one day (the coarsest level only ever holds the far edge of long windows).
     */
    public static Optional<String> tileSizeProblem(Duration tileSize) {
        if (!LADDER.contains(tileSize) || tileSize.equals(Duration.ofDays(1))) {
            return Optional.of("tile size " + literal(tileSize) + " is not one of 1s, 5s, 1m, 5m, 1h");
        }
        return Optional.empty();
    }

    private static String literal(Duration d) {
        return d.isZero() || d.isNegative() ? d.toString() : DurationLiteral.format(d);
    }

    /** Number of kept levels. */
    public int levels() {
        return sizes.length;
    }

    /** Size of level {@code level} in milliseconds. */
    public long size(int level) {
        return sizes[level];
    }

    /** The level of tiles {@code sizeMillis} long, or -1 if the plan keeps none. */
    public int level(long sizeMillis) {
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] == sizeMillis) {
                return l;
            }
        }
        return -1;
    }

    /** Size of the finest tile in milliseconds. */
    public long finest() {
        return sizes[0];
    }

    /** Number of windows. */
    public int windows() {
        return windows.length;
    }

    /** Length of window {@code w} in milliseconds. */
    public long window(int w) {
        return windows[w];
    }

    /** The far-edge alignment {@code c(w)} of window {@code w}, in milliseconds. */
    public long coarse(int w) {
        return coarse[w];
    }

    /** How long after a level's tile ends it may still be read, in milliseconds (see class comment). */
    public long span(int level) {
        return spans[level];
    }

    /** The longest time a tile may matter after the newest event of its key: the TTL of idle keys. */
    public long retention() {
        return Arrays.stream(spans).max().orElse(0);
    }

    /** The tile of level {@code level} holding event time {@code millis}. */
    public long tileIndex(int level, long millis) {
        return Math.floorDiv(millis, sizes[level]);
    }

    /** The time a read at {@code millis} is made at: the last finest-tile boundary. */
    public long readTime(long millis) {
        return Math.floorDiv(millis, sizes[0]) * sizes[0];
    }

    /** The first event time window {@code w} covers in a read at {@code millis}: {@code floor(T - w, c(w))}. */
    public long windowStart(int w, long millis) {
        return Math.floorDiv(readTime(millis) - windows[w], coarse[w]) * coarse[w];
    }

    /** The tiles a read at {@code millis} merges for window {@code w}: they exactly tile {@code [S, T)}. */
    public List<TileRef> cover(int w, long millis) {
        long end = readTime(millis);
        long p = windowStart(w, millis);
        List<TileRef> tiles = new ArrayList<>();
        while (p < end) {
            int chosen = 0;
            for (int l = sizes.length - 1; l > 0; l--) {
                if (Math.floorMod(p, sizes[l]) == 0 && p + sizes[l] <= end) {
                    chosen = l;
                    break;
                }
            }
            tiles.add(new TileRef(chosen, Math.floorDiv(p, sizes[chosen])));
            p += sizes[chosen];
        }
        return tiles;
    }

    /** Whether a tile must still be kept when its key's newest event is at {@code newestMillis}. */
    public boolean keep(TileRef tile, long newestMillis) {
        long end = (tile.index() + 1) * sizes[tile.level()];
        return end + spans[tile.level()] > newestMillis;
    }

    /**
     * Whether every tile of {@code tiles} is still kept once tiles were pruned for oldest read {@code oldestRead}: the
     * per-cover half of {@link #answers}, for readers that compute the covers anyway.
     */
    public boolean keepsAll(Collection<TileRef> tiles, long oldestRead) {
        for (TileRef tile : tiles) {
            if (!keep(tile, oldestRead)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether tiles pruned for oldest read {@code oldestRead} (every tile {@link #keep} no longer keeps for it removed,
     * as {@code KeyTiles.prune(oldestRead)} does) still answer a read at {@code readMillis} exactly: whether every tile
     * of every window's {@link #cover} is kept. This is decided by the keep rule, not by which tiles a store holds: a
     * tile absent because it never had events is harmless, a pruned one is not, and a store cannot tell them apart.
     * Reads at or after {@code oldestRead} always answer (see the class comment); much older ones never do.
     */
    public boolean answers(long readMillis, long oldestRead) {
        for (int w = 0; w < windows.length; w++) {
            if (!keepsAll(cover(w, readMillis), oldestRead)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The earliest instant from which every read answers once tiles were pruned for oldest read {@code oldestRead}: a
     * finest-tile boundary {@code E} such that {@link #answers} holds for every read at or after {@code E} and not for
     * the read at {@code E - finest} (an older read may still answer when its covers happen to avoid pruned tiles).
     * At most {@code readTime(oldestRead)}, and less than {@code span(0) + finest} before {@code oldestRead} (the
     * finest tiles go first); {@code Long.MIN_VALUE} if {@code oldestRead} is {@code Long.MIN_VALUE} (nothing was
     * pruned). Times are those of real events: far from the ends of {@code long}.
     *
     * <p>Computed from the shape of covers rather than by trying reads: a tile is in the cover of window {@code w}
     * for a read at {@code T} exactly when it lies in {@code [S(T), T)} and its parent tile (next level) does not,
     * which bounds the reads that use it; the latest read using some pruned tile, plus one finest tile, is
     * {@code E}. For each level only the newest pruned tiles within one parent tile need looking at: moving a tile
     * back by one parent moves the latest read using it back by as much.
     */
    public long earliestAnswerable(long oldestRead) {
        if (oldestRead == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long latestRefused = Long.MIN_VALUE;
        for (int l = 0; l < sizes.length; l++) {
            long size = sizes[l];
            // A tile of this level is pruned when its end + span <= oldestRead: the newest pruned one starts here.
            long newestPruned = Math.floorDiv(oldestRead - spans[l] - size, size) * size;
            long period = l + 1 < sizes.length ? sizes[l + 1] : size;
            for (long start = newestPruned; start > newestPruned - period; start -= size) {
                for (int w = 0; w < windows.length; w++) {
                    latestRefused = Math.max(latestRefused, latestReadUsing(w, l, start));
                }
            }
        }
        return latestRefused == Long.MIN_VALUE ? Long.MIN_VALUE : latestRefused + sizes[0];
    }

    /**
     * The latest read time (a finest-tile boundary) whose cover of window {@code w} holds the tile of level
     * {@code level} starting at {@code start}, or {@code Long.MIN_VALUE} if no read's does.
     */
    private long latestReadUsing(int w, int level, long start) {
        long finest = sizes[0];
        long c = coarse[w];
        // The tile ends at or before T, and starts at or after S(T) = floor(T - w, c): T < floor(start, c) + c + w.
        long first = start + sizes[level];
        long last = Math.floorDiv(start, c) * c + c + windows[w] - finest;
        if (level + 1 < sizes.length) {
            // The cover takes the parent instead while the parent lies in [S(T), T): from its end until S(T) passes
            // its start.
            long parentSize = sizes[level + 1];
            long parent = Math.floorDiv(start, parentSize) * parentSize;
            long parentLeftBehind = Math.floorDiv(parent, c) * c + c + windows[w];
            if (last < parentLeftBehind) {
                last = Math.min(last, parent + parentSize - finest);
            }
        }
        return last >= first ? last : Long.MIN_VALUE;
    }

    /** The tile's name in stores: {@code <size in seconds>:<index>}, such as {@code 3600:490896}. */
    public String fieldName(TileRef tile) {
        return (sizes[tile.level()] / 1000) + ":" + tile.index();
    }

    /** The tile a store field names, or empty if the field is not a tile of this plan. */
    public Optional<TileRef> parseFieldName(String field) {
        int colon = field.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            int level = level(Long.parseLong(field.substring(0, colon)) * 1000);
            return level < 0 ? Optional.empty()
                    : Optional.of(new TileRef(level, Long.parseLong(field.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** For logs and docs: levels, and each window's far-edge precision. */
    public String describe() {
        StringJoiner levels = new StringJoiner(", ", "levels [", "]");
        for (int l = 0; l < sizes.length; l++) {
            levels.add(literal(Duration.ofMillis(sizes[l])) + " kept " + literal(Duration.ofMillis(spans[l])));
        }
        StringJoiner ws = new StringJoiner(", ", "windows [", "]");
        for (int w = 0; w < windows.length; w++) {
            ws.add(literal(Duration.ofMillis(windows[w])) + " edge " + literal(Duration.ofMillis(coarse[w])));
        }
        return levels + "; " + ws;
    }
}
