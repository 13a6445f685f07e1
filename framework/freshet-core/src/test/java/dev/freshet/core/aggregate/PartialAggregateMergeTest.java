package dev.freshet.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.core.testdata.EveryFunction;
import dev.freshet.core.testdata.NaiveAggregator;
import dev.freshet.core.testdata.PartialLayoutBuilder;
import dev.freshet.core.testdata.RandomValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Partial aggregates are mergeable (Chronon's {@code SawtoothAggregatorTest} idea): aggregating values all at once
 * gives what aggregating random chunks and merging them in random orders and trees gives. Exactly for counts, long
 * sums, booleans, minima and maxima; to a relative 1e-9 for the rest, which are rounded differently on each path.
 */
class PartialAggregateMergeTest {

    private static final double TOLERANCE = 1e-9;
    private static final int TRIALS = 300;

    private final PartialLayoutBuilder schema = EveryFunction.layout();
    private final PartialLayout layout = schema.build();
    private final List<AggregationSpec> aggregations = schema.aggregations();
    private final Map<String, ValueType> types = schema.columnTypes();

    private List<Object[]> randomEvents(Random random, int max) {
        RandomValues values = new RandomValues(random);
        int n = random.nextInt(max + 1);
        List<Object[]> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(EveryFunction.values(values).values().toArray());
        }
        return events;
    }

    private Object[] inputs(Object[] allColumns) {
        // EveryFunction's values come in the order its layout first uses the columns.
        assertThat(layout.inputColumns()).containsExactly("amount", "ratio", "score", "quantity", "units", "remote",
                "price");
        return allColumns;
    }

    private long[] allAtOnce(List<Object[]> events) {
        long[] partial = layout.identity();
        for (Object[] e : events) {
            layout.update(partial, inputs(e));
        }
        return partial;
    }

    /** Merges {@code parts} as a random binary tree, each merge in a random direction. Modifies {@code parts}. */
    private long[] mergeAsRandomTree(Random random, List<long[]> parts) {
        if (parts.isEmpty()) {
            return layout.identity();
        }
        while (parts.size() > 1) {
            int i = random.nextInt(parts.size() - 1);
            long[] left = parts.get(i);
            long[] right = parts.remove(i + 1);
            if (random.nextBoolean()) {
                layout.merge(left, right);
            } else {
                layout.merge(right, left);
                parts.set(i, right);
            }
        }
        return parts.get(0);
    }

    private List<String> disagreements(long[] expected, long[] actual) {
        List<String> out = new ArrayList<>();
        for (int a = 0; a < aggregations.size(); a++) {
            AggregateFunction f = aggregations.get(a).function();
            String why = NaiveAggregator.disagreement(f, layout.finish(a, expected), layout.finish(a, actual),
                    TOLERANCE);
            if (why != null) {
                out.add(f + "(" + aggregations.get(a).column() + "): " + why);
            }
        }
        return out;
    }

    @Test
    void mergingRandomChunksInRandomTreesGivesWhatAggregatingAllAtOnceGives() {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 1000 + trial;
            Random random = new Random(seed);
            List<Object[]> events = randomEvents(random, 120);
            List<long[]> chunks = new ArrayList<>();
            int next = 0;
            while (next < events.size() || chunks.isEmpty()) {
                int end = Math.min(events.size(), next + random.nextInt(12));
                chunks.add(allAtOnce(events.subList(next, end)));
                next = end;
            }

            long[] merged = mergeAsRandomTree(random, chunks);

            assertThat(disagreements(allAtOnce(events), merged)).as("seed %d, %d events", seed, events.size())
                    .isEmpty();
        }
    }

    @Test
    void allAtOnceAndMergedChunksBothAgreeWithTheOracle() {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 5000 + trial;
            Random random = new Random(seed);
            List<Object[]> events = randomEvents(random, 60);
            List<long[]> singles = new ArrayList<>();
            for (Object[] e : events) {
                singles.add(allAtOnce(List.<Object[]>of(e)));
            }
            long[] merged = mergeAsRandomTree(random, singles);
            long[] updated = allAtOnce(events);

            for (int a = 0; a < aggregations.size(); a++) {
                AggregationSpec aggregation = aggregations.get(a);
                int column = layout.inputColumns().indexOf(aggregation.column());
                List<Object> values = events.stream().map(e -> e[column]).toList();
                Object expected = NaiveAggregator.aggregate(aggregation.function(), types.get(aggregation.column()),
                        values);
                assertThat(NaiveAggregator.disagreement(aggregation.function(), expected,
                        layout.finish(a, updated), TOLERANCE)).as("seed %d: %s all at once", seed, aggregation)
                        .isNull();
                assertThat(NaiveAggregator.disagreement(aggregation.function(), expected,
                        layout.finish(a, merged), TOLERANCE)).as("seed %d: %s merged", seed, aggregation).isNull();
            }
        }
    }

    @Test
    void mergeIsCommutative() {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 9000 + trial;
            Random random = new Random(seed);
            long[] a = allAtOnce(randomEvents(random, 30));
            long[] b = allAtOnce(randomEvents(random, 30));
            long[] ab = a.clone();
            layout.merge(ab, b);
            long[] ba = b.clone();
            layout.merge(ba, a);

            assertThat(disagreements(ab, ba)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void mergeIsAssociative() {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 13000 + trial;
            Random random = new Random(seed);
            long[] a = allAtOnce(randomEvents(random, 30));
            long[] b = allAtOnce(randomEvents(random, 30));
            long[] c = allAtOnce(randomEvents(random, 30));
            long[] abThenC = a.clone();
            layout.merge(abThenC, b);
            layout.merge(abThenC, c);
            long[] bc = b.clone();
            layout.merge(bc, c);
            long[] aThenBc = a.clone();
            layout.merge(aThenBc, bc);

            assertThat(disagreements(abThenC, aThenBc)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void identityIsNeutralOnEitherSide() {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 17000 + trial;
            long[] p = allAtOnce(randomEvents(new Random(seed), 30));
            long[] left = layout.identity();
            layout.merge(left, p);
            long[] right = p.clone();
            layout.merge(right, layout.identity());

            assertThat(left).as("seed %d: identity merged with p", seed).containsExactly(p);
            assertThat(right).as("seed %d: p merged with identity", seed).containsExactly(p);
        }
    }

    @Test
    void mergeLeavesItsSourceUnchanged() {
        Random random = new Random(21);
        long[] into = allAtOnce(randomEvents(random, 30));
        long[] from = allAtOnce(randomEvents(random, 30));
        long[] before = from.clone();

        layout.merge(into, from);

        assertThat(from).containsExactly(before);
    }

    @Test
    void eventsReadTwiceCountTwice() {
        Object[] event = EveryFunction.values(new RandomValues(new Random(3))).values().toArray();
        long[] once = allAtOnce(List.<Object[]>of(event));
        long[] twice = allAtOnce(List.of(event, event));
        long[] mergedTwice = once.clone();
        layout.merge(mergedTwice, once);

        assertThat(layout.finish(0, twice)).isEqualTo(2L);
        assertThat(Arrays.equals(twice, once)).isFalse();
        assertThat(disagreements(twice, mergedTwice)).isEmpty();
    }
}
