package dev.freshet.core.aggregate;

/**
 * State kept for one column (or for the events themselves) in some slots of a partial aggregate. Accumulators are
 * shared: {@code AVG(amount)} and {@code SUM(amount)} use the same sum. Every accumulator has an identity, an update
 * with one value, and an associative, commutative merge.
 */
abstract class Accumulator implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** First slot of this accumulator. */
    int offset;

    /** Number of slots. */
    abstract int width();

    /** Writes the identity (the state of no events). */
    abstract void identity(long[] p);

    /** Adds one event's value (possibly null). */
    abstract void update(long[] p, Object value);

    /** Merges {@code from} into {@code into}. */
    abstract void merge(long[] into, long[] from);

    /** A name unique per column and kind, for sharing. */
    abstract String id();
}
