package dev.freshet.spark.output;

/**
 * What one output did with one partition or one batch.
 *
 * @param written           rows the output applied to its store (for tiles: events aggregated)
 * @param skipped           rows it did not apply because the store already held something newer (or the same)
 * @param newestEventMillis the newest event time of the rows it handled (the store now holds that event or a newer
 *                          one), epoch milliseconds; {@link #NO_EVENT} when it handled none
 */
public record OutputCounts(long written, long skipped, long newestEventMillis) {

    /** {@link #newestEventMillis} of counts without events. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    /** Nothing written, nothing skipped. */
    public static final OutputCounts NONE = new OutputCounts(0, 0, NO_EVENT);

    /** Counts without an event time. */
    public OutputCounts(long written, long skipped) {
        this(written, skipped, NO_EVENT);
    }

    /** The sum of two counts (the newer of their event times). */
    public OutputCounts plus(OutputCounts other) {
        return new OutputCounts(written + other.written, skipped + other.skipped,
                Math.max(newestEventMillis, other.newestEventMillis));
    }
}
