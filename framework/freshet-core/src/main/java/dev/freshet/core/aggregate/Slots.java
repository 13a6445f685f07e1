package dev.freshet.core.aggregate;

/**
 * Doubles stored in {@code long} slots (as raw bits), so that a partial aggregate is one {@code long[]}: counts and
 * integer sums stay exact as longs, floating-point state keeps every bit.
 */
final class Slots {

    private Slots() {}

    static double get(long[] p, int slot) {
        return Double.longBitsToDouble(p[slot]);
    }

    static void set(long[] p, int slot, double value) {
        p[slot] = Double.doubleToRawLongBits(value);
    }
}
