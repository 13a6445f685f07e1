package dev.freshet.spark.deadletter;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts by reason, gathered from executors by Spark's accumulator mechanism and read on the driver after each
 * micro-batch: how dead letters sent during decoding reach the metrics without executors touching a meter registry.
 */
public final class ReasonCounts extends AccumulatorV2<String, Map<String, Long>> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, Long> counts = new HashMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public ReasonCounts copy() {
        ReasonCounts copy = new ReasonCounts();
        synchronized (this) {
            copy.counts.putAll(counts);
        }
        return copy;
    }

    @Override
    public synchronized void reset() {
        counts.clear();
    }

    @Override
    public synchronized void add(String reason) {
        counts.merge(reason, 1L, Long::sum);
    }

    @Override
    public synchronized void merge(AccumulatorV2<String, Map<String, Long>> other) {
        other.value().forEach((reason, n) -> counts.merge(reason, n, Long::sum));
    }

    @Override
    public synchronized Map<String, Long> value() {
        return new HashMap<>(counts);
    }

    /** What was counted since {@code before} (an earlier {@link #value()}). */
    public Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> delta = new HashMap<>();
        value().forEach((reason, n) -> {
            long d = n - before.getOrDefault(reason, 0L);
            if (d != 0) {
                delta.put(reason, d);
            }
        });
        return delta;
    }
}
