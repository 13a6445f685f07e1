package dev.freshet.spark.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A point in a Kafka source: per topic and partition, the offset of the next record (everything before it is
 * "before" the point). Spark reports a micro-batch's end in this form, and its Kafka source takes it as
 * {@code startingOffsets}/{@code endingOffsets}.
 *
 * @param topics next offset by partition, by topic
 */
public record SourceOffsets(Map<String, Map<Integer, Long>> topics) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the maps (sorted, unmodifiable). */
    public SourceOffsets {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        topics.forEach((topic, partitions) -> copy.put(topic, Collections.unmodifiableMap(new TreeMap<>(partitions))));
        topics = Collections.unmodifiableMap(copy);
    }

    /**
     * The offsets of Spark's JSON form, {@code {"topic":{"0":12,"1":40}}}.
     *
     * @throws IllegalArgumentException if it is not that form
     */
    public static SourceOffsets parse(String json) {
        try {
            Map<String, Map<Integer, Long>> topics = JSON.readValue(json,
                    new TypeReference<Map<String, Map<Integer, Long>>>() {});
            return new SourceOffsets(topics);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not Kafka source offsets: " + json, e);
        }
    }

    /** Spark's JSON form. */
    public String json() {
        try {
            return JSON.writeValueAsString(topics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write offsets " + topics, e);
        }
    }

    /** The next offset of {@code partition} of {@code topic}, or 0 if this point has none (nothing before it). */
    public long next(String topic, int partition) {
        return topics.getOrDefault(topic, Map.of()).getOrDefault(partition, 0L);
    }

    /** Every topic and partition either point names. */
    public Map<String, Set<Integer>> partitionsWith(SourceOffsets other) {
        Map<String, Set<Integer>> all = new TreeMap<>();
        for (SourceOffsets o : new SourceOffsets[] {this, other}) {
            o.topics.forEach((topic, partitions) -> all.computeIfAbsent(topic, t -> new TreeSet<>())
                    .addAll(partitions.keySet()));
        }
        return all;
    }

    /** The point that is, per partition, the earlier of this and {@code other}. */
    public SourceOffsets min(SourceOffsets other) {
        return combine(other, true);
    }

    /** The point that is, per partition, the later of this and {@code other}. */
    public SourceOffsets max(SourceOffsets other) {
        return combine(other, false);
    }

    private SourceOffsets combine(SourceOffsets other, boolean earlier) {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        partitionsWith(other).forEach((topic, partitions) -> {
            Map<Integer, Long> offsets = new TreeMap<>();
            for (int p : partitions) {
                long a = next(topic, p);
                long b = other.next(topic, p);
                offsets.put(p, earlier ? Math.min(a, b) : Math.max(a, b));
            }
            out.put(topic, offsets);
        });
        return new SourceOffsets(out);
    }

    @Override
    public String toString() {
        return json();
    }
}
