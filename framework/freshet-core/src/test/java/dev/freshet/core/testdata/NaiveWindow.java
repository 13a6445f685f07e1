package dev.freshet.core.testdata;

/**
 * The documented window of a read, computed by hand from its rule and nothing else: a read at {@code t} covers event
 * times {@code [S, T)} with {@code T = floor(t, finest)} and {@code S = floor(T - w, c(w))}, where {@code c(w)} is the
 * largest tile size of the ladder 1s, 5s, 1m, 5m, 1h, 1d that is at least the finest and at most {@code w / 12}, or
 * the finest if there is none.
 *
 * @param length window length, milliseconds
 * @param finest finest tile, milliseconds
 */
public record NaiveWindow(long length, long finest) {

    private static final long[] LADDER = {1_000L, 5_000L, 60_000L, 300_000L, 3_600_000L, 86_400_000L};

    /** The far-edge alignment {@code c(w)}. */
    public long farEdge() {
        long c = finest;
        for (long size : LADDER) {
            if (size >= finest && size * 12 <= length) {
                c = size;
            }
        }
        return c;
    }

    /** {@code T}: the first event time a read at {@code t} does not see. */
    public long end(long t) {
        return Math.floorDiv(t, finest) * finest;
    }

    /** {@code S}: the first event time a read at {@code t} sees. */
    public long start(long t) {
        long c = farEdge();
        return Math.floorDiv(end(t) - length, c) * c;
    }

    /** Whether a read at {@code t} sees an event at {@code eventMillis}. */
    public boolean covers(long t, long eventMillis) {
        return start(t) <= eventMillis && eventMillis < end(t);
    }
}
