package dev.freshet.core.cluster;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of JVM memory as Spark's {@code spark.driver.memory} and {@code spark.executor.memory} take it: a whole
 * number of mebibytes, written {@code 512m} or, when it is a whole number of gibibytes, {@code 4g}.
 *
 * <pre>{@code
 * SparkMemory.parse("4g").mebibytes();   // 4096
 * SparkMemory.parse("1536m").toString(); // "1536m"
 * }</pre>
 *
 * @param mebibytes the amount in mebibytes, positive
 */
public record SparkMemory(long mebibytes) {

    private static final Pattern NOTATION = Pattern.compile("([0-9]{1,9})([mg])");

    /** Checks that the amount is positive. */
    public SparkMemory {
        if (mebibytes <= 0) {
            throw new IllegalArgumentException("Spark memory must be positive, not " + mebibytes + " MiB");
        }
    }

    /** {@code gibibytes} GiB. */
    public static SparkMemory gibibytes(long gibibytes) {
        return new SparkMemory(Math.multiplyExact(gibibytes, 1024L));
    }

    /**
     * The amount {@code text} writes: a positive whole number and a unit, {@code m} (mebibytes) or {@code g}
     * (gibibytes), upper or lower case, such as {@code 4g} or {@code 512m}.
     *
     * @throws IllegalArgumentException if {@code text} is not written so, with what to write instead
     */
    public static SparkMemory parse(String text) {
        Matcher m = NOTATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("is not an amount of memory: write a positive whole number of"
                    + " mebibytes or gibibytes, such as 512m or 4g");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("g") ? gibibytes(n) : new SparkMemory(n);
    }

    /** The amount in Spark's notation: {@code 4g} for whole gibibytes, {@code 1536m} otherwise. */
    @Override
    public String toString() {
        return mebibytes % 1024 == 0 ? mebibytes / 1024 + "g" : mebibytes + "m";
    }
}
