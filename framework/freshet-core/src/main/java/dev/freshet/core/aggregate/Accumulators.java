package dev.freshet.core.aggregate;

/** The accumulators partial aggregates are made of. Comments say what the slots hold; the maths is in the methods. */
final class Accumulators {

    private Accumulators() {}

    /** Flags of non-finite values seen: they decide sums, means and variances on their own. */
    static final long NAN = 1;
    static final long POSITIVE_INFINITY = 2;
    static final long NEGATIVE_INFINITY = 4;

    /** The number of events, whatever their values (COUNT). Slot: count. */
    static final class Events extends Accumulator {
        @Override
        int width() {
            return 1;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            p[offset]++;
        }

        @Override
        void merge(long[] into, long[] from) {
            into[offset] += from[offset];
        }

        @Override
        String id() {
            return "events";
        }
    }

    /** Non-null values of a column. Slot: count. */
    static final class NonNull extends Accumulator {
        private final String column;

        NonNull(String column) {
            this.column = column;
        }

        @Override
        int width() {
            return 1;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (value != null) {
                p[offset]++;
            }
        }

        @Override
        void merge(long[] into, long[] from) {
            into[offset] += from[offset];
        }

        long count(long[] p) {
            return p[offset];
        }

        @Override
        String id() {
            return "nonnull:" + column;
        }
    }

    /**
     * Exact sum of an integer column, as a 128-bit two's-complement number. Adding such numbers is associative and
     * commutative, so the sum does not depend on the order of updates and merges (a flag set when a running 64-bit sum
     * overflows would: {@code MAX + 1 - 1} overflows on the way in one order and not in another). The sum is null when
     * the exact sum does not fit a long. Slots: low 64 bits, high 64 bits.
     */
    static final class LongSum extends Accumulator {
        private final String column;

        LongSum(String column) {
            this.column = column;
        }

        @Override
        int width() {
            return 2;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
            p[offset + 1] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (value != null) {
                long v = ((Number) value).longValue();
                add(p, v, v >> 63);
            }
        }

        @Override
        void merge(long[] into, long[] from) {
            add(into, from[offset], from[offset + 1]);
        }

        private void add(long[] p, long low, long high) {
            long sum = p[offset] + low;
            long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
            p[offset] = sum;
            p[offset + 1] += high + carry;
        }

        Long sum(long[] p) {
            // The 128-bit sum fits a long iff its high half is the sign extension of its low half.
            return p[offset + 1] == p[offset] >> 63 ? p[offset] : null;
        }

        @Override
        String id() {
            return "longsum:" + column;
        }
    }

    /**
     * Compensated sum of a numeric column as doubles: a running sum and the rounding errors of every addition
     * (Neumaier's variant of Kahan summation, merged with TwoSum), plus flags of non-finite values. Each rounding
     * error is kept exactly, but the errors are added up in plain doubles: the result is within about one rounding
     * of the exact sum unless the values cancel to far below their magnitudes over three or more scales. Then the
     * error is bounded by about n² 2⁻¹⁰⁶ Σ|x| for n values, not by the result: 1e300 + 1e15 + 0.1 - 1e15 - 1e300
     * gives 0.125, not 0.1 (two scales, such as 1e16 + 1 - 1e16 = 1, stay accurate). Partial sums must stay within
     * the range of doubles. Slots: sum, error, flags.
     */
    static final class DoubleSum extends Accumulator {
        private final String column;

        DoubleSum(String column) {
            this.column = column;
        }

        @Override
        int width() {
            return 3;
        }

        @Override
        void identity(long[] p) {
            Slots.set(p, offset, 0.0);
            Slots.set(p, offset + 1, 0.0);
            p[offset + 2] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (value == null) {
                return;
            }
            double x = ((Number) value).doubleValue();
            if (Double.isFinite(x)) {
                add(p, x, 0.0);
            } else {
                p[offset + 2] |= flag(x);
            }
        }

        @Override
        void merge(long[] into, long[] from) {
            into[offset + 2] |= from[offset + 2];
            add(into, Slots.get(from, offset), Slots.get(from, offset + 1));
        }

        private void add(long[] p, double x, double xError) {
            double s = Slots.get(p, offset);
            double t = s + x;
            // TwoSum: the exact rounding error of s + x, whichever is larger in magnitude.
            double bp = t - s;
            double error = (s - (t - bp)) + (x - bp);
            Slots.set(p, offset, t);
            Slots.set(p, offset + 1, Slots.get(p, offset + 1) + error + xError);
        }

        /** The sum, given there is at least one non-null value. */
        double sum(long[] p) {
            long flags = p[offset + 2];
            if (flags != 0) {
                return special(flags);
            }
            return Slots.get(p, offset) + Slots.get(p, offset + 1);
        }

        long flags(long[] p) {
            return p[offset + 2];
        }

        @Override
        String id() {
            return "doublesum:" + column;
        }
    }

    /**
     * Count, mean and sum of squared deviations of the finite values of a column (Welford's update, Chan's merge;
     * never a sum of squares, which cancels catastrophically), plus flags of non-finite values. Slots: n, mean, M2,
     * flags.
     */
    static final class Moments extends Accumulator {
        private final String column;

        Moments(String column) {
            this.column = column;
        }

        @Override
        int width() {
            return 4;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
            Slots.set(p, offset + 1, 0.0);
            Slots.set(p, offset + 2, 0.0);
            p[offset + 3] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (value == null) {
                return;
            }
            double x = ((Number) value).doubleValue();
            if (!Double.isFinite(x)) {
                p[offset + 3] |= flag(x);
                return;
            }
            long n = p[offset] + 1;
            double mean = Slots.get(p, offset + 1);
            double d = x - mean;
            mean += d / n;
            p[offset] = n;
            Slots.set(p, offset + 1, mean);
            Slots.set(p, offset + 2, Slots.get(p, offset + 2) + d * (x - mean));
        }

        @Override
        void merge(long[] into, long[] from) {
            into[offset + 3] |= from[offset + 3];
            long nb = from[offset];
            if (nb == 0) {
                return;
            }
            long na = into[offset];
            if (na == 0) {
                into[offset] = nb;
                into[offset + 1] = from[offset + 1];
                into[offset + 2] = from[offset + 2];
                return;
            }
            double ma = Slots.get(into, offset + 1);
            double mb = Slots.get(from, offset + 1);
            long n = na + nb;
            double d = mb - ma;
            into[offset] = n;
            Slots.set(into, offset + 1, ma + d * ((double) nb / n));
            Slots.set(into, offset + 2, Slots.get(into, offset + 2) + Slots.get(from, offset + 2)
                    + d * d * ((double) na * nb / n));
        }

        /** The variance ({@code M2 / (n - 1)} or {@code M2 / n}), null for too few values, NaN if any is not finite. */
        Double variance(long[] p, long nonNull, boolean sample) {
            if (nonNull == 0) {
                return null;
            }
            if (p[offset + 3] != 0) {
                return Double.NaN;
            }
            long n = p[offset];
            if (sample && n < 2) {
                return null;
            }
            return Slots.get(p, offset + 2) / (sample ? n - 1 : n);
        }

        @Override
        String id() {
            return "moments:" + column;
        }
    }

    /**
     * Minimum or maximum of a column, in Spark's order for doubles (NaN above +Infinity, -0.0 below 0.0). Slot: the
     * value (a long, or a double's bits), valid when the column has a non-null value.
     */
    static final class Extreme extends Accumulator {
        private final String column;
        private final boolean max;
        private final boolean integral;

        Extreme(String column, boolean max, boolean integral) {
            this.column = column;
            this.max = max;
            this.integral = integral;
        }

        @Override
        int width() {
            return 2;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
            p[offset + 1] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (value == null) {
                return;
            }
            long v = integral ? ((Number) value).longValue()
                    : Double.doubleToRawLongBits(((Number) value).doubleValue());
            offer(p, v);
        }

        @Override
        void merge(long[] into, long[] from) {
            if (from[offset + 1] != 0) {
                offer(into, from[offset]);
            }
        }

        private void offer(long[] p, long v) {
            if (p[offset + 1] == 0 || better(v, p[offset])) {
                p[offset] = v;
                p[offset + 1] = 1;
            }
        }

        private boolean better(long candidate, long current) {
            int c = integral ? Long.compare(candidate, current)
                    : Double.compare(Double.longBitsToDouble(candidate), Double.longBitsToDouble(current));
            return max ? c > 0 : c < 0;
        }

        Object value(long[] p) {
            if (p[offset + 1] == 0) {
                return null;
            }
            return integral ? (Object) p[offset] : (Object) Double.longBitsToDouble(p[offset]);
        }

        @Override
        String id() {
            return (max ? "max:" : "min:") + column;
        }
    }

    /** True values of a boolean column. Slot: count. */
    static final class Trues extends Accumulator {
        private final String column;

        Trues(String column) {
            this.column = column;
        }

        @Override
        int width() {
            return 1;
        }

        @Override
        void identity(long[] p) {
            p[offset] = 0;
        }

        @Override
        void update(long[] p, Object value) {
            if (Boolean.TRUE.equals(value)) {
                p[offset]++;
            }
        }

        @Override
        void merge(long[] into, long[] from) {
            into[offset] += from[offset];
        }

        long count(long[] p) {
            return p[offset];
        }

        @Override
        String id() {
            return "trues:" + column;
        }
    }

    static long flag(double x) {
        return Double.isNaN(x) ? NAN : x > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
    }

    /** The sum of values that include non-finite ones, as IEEE arithmetic defines it. */
    static double special(long flags) {
        if ((flags & NAN) != 0 || (flags & (POSITIVE_INFINITY | NEGATIVE_INFINITY))
                == (POSITIVE_INFINITY | NEGATIVE_INFINITY)) {
            return Double.NaN;
        }
        return (flags & POSITIVE_INFINITY) != 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
