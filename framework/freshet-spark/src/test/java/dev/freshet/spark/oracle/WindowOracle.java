package dev.freshet.spark.oracle;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.testsupport.FeatureSets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The brute-force oracle of an aggregated transactions set: count, sum, average, maximum, any-remote and sample
 * standard deviation of the amount over each window, computed from the raw records of the documented window (no
 * tiles), after the documented event-time policy (per user and partition, in offset order: an event more than the
 * lateness behind the newest one before it is LATE; one more than the skew ahead of its Kafka timestamp is
 * FUTURE_EVENT_TIME). The feature set it describes comes from {@link #spec}.
 *
 * <pre>{@code
 * WindowOracle oracle = new WindowOracle(Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(1));
 * FeatureSetSpec spec = oracle.spec("agg-1", "topic-1", Duration.ofMillis(200));
 * ... run the job over records ...
 * oracle.assertMatches(client, spec.name(), List.of("u0", "u1"), records, at);
 * }</pre>
 */
public final class WindowOracle {

    /** The event-time skew of {@code FeatureSets}' aggregated sets. */
    public static final Duration SKEW = Duration.ofMinutes(5);

    private static final List<AggregationSpec> AGGREGATIONS = List.of(
            new AggregationSpec(AggregateFunction.COUNT, "amount", ""),
            new AggregationSpec(AggregateFunction.SUM, "amount", ""),
            new AggregationSpec(AggregateFunction.AVG, "amount", ""),
            new AggregationSpec(AggregateFunction.MAX, "amount", ""),
            new AggregationSpec(AggregateFunction.BOOLEAN_OR, "is_remote", "had_remote"),
            new AggregationSpec(AggregateFunction.SAMPLE_STDEV, "amount", ""));
    /** Tile sizes the plan chooses from; the far edge of a window is rounded down to a tile of at most 1/12 of it. */
    private static final long[] LADDER = {1_000, 5_000, 60_000, 300_000, 3_600_000, 86_400_000};

    private final Duration lateness;
    private final List<Duration> windows;

    /** The oracle of a set with {@code lateness} and {@code windows} (1 s tiles). */
    public WindowOracle(Duration lateness, Duration... windows) {
        this.lateness = lateness;
        this.windows = List.of(windows);
    }

    /** The feature set this oracle describes, reading {@code topic}. */
    public FeatureSetSpec spec(String name, String topic, Duration trigger) {
        return builder(name, topic, trigger).build();
    }

    /** A builder of the feature set this oracle describes, reading {@code topic}, for a test to add to. */
    public FeatureSets.Builder builder(String name, String topic, Duration trigger) {
        return aFeatureSet().name(name).topic(topic).trigger(trigger)
                .aggregate(AGGREGATIONS, lateness, windows.toArray(Duration[]::new));
    }

    /** The accepted records of {@code user} in the documented window of length {@code window} of a read at {@code at}. */
    public List<SourceRecord> inWindow(Collection<SourceRecord> records, String user, Duration window, Instant at) {
        return window(accepted(records), user, window, at);
    }

    /** The decoded records the event-time policy accepts, in partition then offset order. */
    public List<SourceRecord> accepted(Collection<SourceRecord> records) {
        List<SourceRecord> accepted = new ArrayList<>();
        decide(records, accepted, new TreeMap<>());
        return accepted;
    }

    /** The decoded records the event-time policy rejects, by position: LATE or FUTURE_EVENT_TIME. */
    public Map<String, DeadLetterReason> rejectedByEventTime(Collection<SourceRecord> records) {
        Map<String, DeadLetterReason> rejected = new TreeMap<>();
        decide(records, new ArrayList<>(), rejected);
        return rejected;
    }

    /** The newest event time among the accepted records. */
    public Instant lastEventTime(Collection<SourceRecord> records) {
        return accepted(records).stream().map(SourceRecord::time).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Asserts that {@code client} reads, at {@code at}, every feature of every one of {@code users} as the oracle. */
    public void assertMatches(RedisOnlineFeatureClient client, String featureSet, Collection<String> users,
            Collection<SourceRecord> records, Instant at) {
        List<SourceRecord> accepted = accepted(records);
        for (String user : users) {
            FeatureVector v = client.getAsOf(featureSet, EntityKey.of(user), at).orElseThrow(
                    () -> new AssertionError("no features of " + user + " at " + at));
            for (Duration window : windows) {
                List<SourceRecord> in = window(accepted, user, window, at);
                String label = label(window);
                String where = user + " " + label + " at " + at;
                assertThat(v.feature("count_amount_" + label).asLong()).as("count " + where).isEqualTo(in.size());
                List<Double> amounts = in.stream().map(SourceRecord::amount).filter(a -> a != null).toList();
                Double sum = amounts.isEmpty() ? null : amounts.stream().mapToDouble(Double::doubleValue).sum();
                assertClose(v.feature("sum_amount_" + label).asDouble(), sum, "sum " + where);
                assertClose(v.feature("avg_amount_" + label).asDouble(), sum == null ? null : sum / amounts.size(),
                        "avg " + where);
                assertClose(v.feature("max_amount_" + label).asDouble(),
                        amounts.stream().max(Double::compare).orElse(null), "max " + where);
                assertThat(v.feature("had_remote_" + label).asBoolean()).as("or " + where)
                        .isEqualTo(in.isEmpty() ? null : in.stream().anyMatch(SourceRecord::remote));
                assertClose(v.feature("sample_stdev_amount_" + label).asDouble(), stdev(amounts), "stdev " + where);
            }
        }
    }

    /** The events of {@code user} in the documented window of a read at {@code at}: [floor(floor(at, 1s) - w, c(w)), floor(at, 1s)). */
    private List<SourceRecord> window(List<SourceRecord> events, String user, Duration window, Instant at) {
        long t = Math.floorDiv(at.toEpochMilli(), 1000) * 1000;
        long length = window.toMillis();
        long longest = windows.stream().mapToLong(Duration::toMillis).max().orElseThrow();
        long edge = 1000;
        for (long level : LADDER) {
            if (level <= longest && level * 12 <= length) {
                edge = level;
            }
        }
        long start = Math.floorDiv(t - length, edge) * edge;
        return events.stream().filter(e -> e.user().equals(user))
                .filter(e -> e.time().toEpochMilli() >= start && e.time().toEpochMilli() < t).toList();
    }

    private void decide(Collection<SourceRecord> records, List<SourceRecord> accepted,
            Map<String, DeadLetterReason> rejected) {
        Map<String, Long> watermarks = new HashMap<>();
        List<SourceRecord> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingInt(SourceRecord::partition).thenComparingLong(SourceRecord::offset));
        for (SourceRecord e : ordered) {
            if (!e.decoded()) {
                continue;
            }
            long time = e.time().toEpochMilli();
            if (time - e.kafkaTime().toEpochMilli() > SKEW.toMillis()) {
                rejected.put(e.position(), DeadLetterReason.FUTURE_EVENT_TIME);
                continue;
            }
            String key = e.user() + "@" + e.partition();
            Long watermark = watermarks.get(key);
            if (watermark != null && time < watermark - lateness.toMillis()) {
                rejected.put(e.position(), DeadLetterReason.LATE);
                continue;
            }
            watermarks.put(key, watermark == null ? time : Math.max(watermark, time));
            accepted.add(e);
        }
    }

    private static Double stdev(List<Double> values) {
        if (values.size() < 2) {
            return null;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (values.size() - 1));
    }

    private static void assertClose(Double actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
        } else {
            assertThat(actual).as(what).isNotNull();
            assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
        }
    }

    /** A window's name in feature names: {@code 10s}, {@code 1m}, {@code 1h}. */
    public static String label(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
