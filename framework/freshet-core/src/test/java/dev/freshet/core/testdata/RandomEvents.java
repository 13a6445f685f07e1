package dev.freshet.core.testdata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded random event streams of one key, as Kafka delivers them: bursts of events and lone events between
 * {@code from} and {@code to}, some at exact tile boundaries, some read twice (a duplicate is a distinct event and
 * counts twice), in shuffled order over a few partitions, offsets increasing per partition.
 */
public final class RandomEvents {

    private static final long[] BOUNDARIES = {1_000, 60_000, 3_600_000, 86_400_000};

    private final Random random;
    private long from;
    private long to;
    private int count = 1000;
    private long longestBurst = 60_000;
    private int partitions = 3;
    private double duplicateRate = 0.05;
    private Function<RandomValues, Map<String, Object>> values = EveryFunction::values;

    private RandomEvents(Random random) {
        this.random = random;
    }

    public static RandomEvents randomEvents(Random random) {
        return new RandomEvents(random);
    }

    /** Event times lie in {@code [from, to)}, epoch milliseconds. */
    public RandomEvents between(long from, long to) {
        this.from = from;
        this.to = to;
        return this;
    }

    /** How many distinct events, before duplicates. */
    public RandomEvents count(int count) {
        this.count = count;
        return this;
    }

    /** The longest span of a burst of events. */
    public RandomEvents longestBurst(long millis) {
        this.longestBurst = millis;
        return this;
    }

    public RandomEvents partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    public RandomEvents duplicateRate(double rate) {
        this.duplicateRate = rate;
        return this;
    }

    public RandomEvents values(Function<RandomValues, Map<String, Object>> values) {
        this.values = values;
        return this;
    }

    /** Event times in generation order: bursts, lone events, boundary events. */
    private List<Long> times() {
        List<Long> times = new ArrayList<>();
        while (times.size() < count) {
            double kind = random.nextDouble();
            long t = from + (long) (random.nextDouble() * (to - from));
            if (kind < 0.15) {
                times.add(t);
            } else if (kind < 0.25) {
                long b = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
                times.add(Math.floorDiv(t, b) * b - (random.nextBoolean() ? 1 : 0));
            } else {
                long length = 1 + (long) (random.nextDouble() * longestBurst);
                int size = 2 + random.nextInt(30);
                for (int i = 0; i < size && times.size() < count; i++) {
                    times.add(t + (long) (random.nextDouble() * length));
                }
            }
        }
        return times;
    }

    /** The events in delivery order. */
    public List<Event> build() {
        RandomValues generator = new RandomValues(random);
        List<Event> events = new ArrayList<>();
        for (long t : times()) {
            long kafka = t + random.nextInt(60_000);
            Event e = new Event("u1", 0, 0, t, kafka, values.apply(generator));
            events.add(e);
            if (random.nextDouble() < duplicateRate) {
                events.add(e);
            }
        }
        Collections.shuffle(events, random);
        Map<Integer, Long> offsets = new HashMap<>();
        List<Event> delivered = new ArrayList<>();
        for (Event e : events) {
            int partition = random.nextInt(partitions);
            long offset = offsets.merge(partition, 1L, Long::sum);
            delivered.add(e.at(partition, offset));
        }
        return delivered;
    }
}
