package dev.freshet.core.testdata;

import java.math.BigDecimal;
import java.util.Random;

/**
 * Seeded random column values with the shapes that break aggregation maths: magnitudes far apart, exact
 * cancellation, non-finite doubles, signed zeros, longs that overflow a sum, nulls.
 */
public final class RandomValues {

    private final Random random;

    public RandomValues(Random random) {
        this.random = random;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** An ordinary amount: full-precision doubles of either sign up to 1000. */
    public double small() {
        return (random.nextDouble() * 2 - 1) * 1000;
    }

    /**
     * Finite doubles of wildly different magnitudes: mostly {@link #small()}, then exactly ±1e15 (so that large values
     * cancel exactly and leave the small ones), huge values of random mantissa up to ±1e300, and signed zeros;
     * {@code nullRate} of them null.
     */
    public Double wide(double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        double p = random.nextDouble();
        if (p < 0.70) {
            return small();
        }
        if (p < 0.85) {
            return random.nextBoolean() ? 1e15 : -1e15;
        }
        if (p < 0.93) {
            double huge = (1 + random.nextDouble()) * Math.pow(10, 100 + random.nextInt(201));
            return random.nextBoolean() ? huge : -huge;
        }
        return random.nextBoolean() ? 0.0 : -0.0;
    }

    /** {@link #small()} doubles, each NaN, +Infinity or -Infinity with probability {@code nonFiniteRate}. */
    public Double withNonFinite(double nonFiniteRate, double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        if (chance(nonFiniteRate)) {
            return random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        if (chance(nonFiniteRate)) {
            return Double.NEGATIVE_INFINITY;
        }
        return small();
    }

    /**
     * Well-conditioned doubles for variances: around 40 with a spread of about 25, in cents. (The variance of
     * Welford/Chan loses relative precision with mean² / variance; these keep it small, as real amounts do.)
     */
    public Double conditioned(double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        return Math.round((40 + 25 * random.nextGaussian()) * 100) / 100.0;
    }

    /**
     * Longs: mostly small; {@code largeRate} of them between 2^59 and 2^62 in magnitude, and a few
     * {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE}, so that sums overflow a long, sometimes only on the way.
     */
    public Long longs(double largeRate, double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        if (chance(largeRate)) {
            long large = (1L << 60) + (random.nextLong() & ((1L << 62) - 1)) - (1L << 59);
            return random.nextBoolean() ? large : -large;
        }
        if (chance(0.02)) {
            return random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return (long) random.nextInt(2_000_001) - 1_000_000;
    }

    /** Ints, including the extremes. */
    public Integer ints(double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        if (chance(0.05)) {
            return random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        return random.nextInt();
    }

    /** Booleans, true with probability {@code trueRate}. */
    public Boolean booleans(double trueRate, double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        return chance(trueRate);
    }

    /** Decimals with two digits after the point, as a DECIMAL(12, 2) column holds them. */
    public BigDecimal decimals(double nullRate) {
        if (chance(nullRate)) {
            return null;
        }
        return BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 2);
    }
}
