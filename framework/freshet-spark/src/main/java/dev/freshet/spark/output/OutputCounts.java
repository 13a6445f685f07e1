package dev.freshet.spark.output;

/**
 * What one output did with one partition or one batch.
 *
 * @param written rows the output applied to its store (for tiles: events aggregated)
 * @param skipped rows it did not apply because the store already held something newer (or the same)
 */
public record OutputCounts(long written, long skipped) {

    /** Nothing written, nothing skipped. */
    public static final OutputCounts NONE = new OutputCounts(0, 0);

    /** The sum of two counts. */
    public OutputCounts plus(OutputCounts other) {
        return new OutputCounts(written + other.written, skipped + other.skipped);
    }
}
