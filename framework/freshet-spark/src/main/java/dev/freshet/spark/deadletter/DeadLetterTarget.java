package dev.freshet.spark.deadletter;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a job's dead letters go, shipped to executors: a Kafka topic, or nowhere (a job that only counts them,
 * because another job of the same feature set already writes them).
 *
 * @param kafka   Kafka client properties
 * @param topic   dead-letter topic, or {@code null} to only count
 * @param timeout how long to wait for acknowledgements
 */
public record DeadLetterTarget(Map<String, Object> kafka, String topic, Duration timeout) implements Serializable {

    /** Copies the properties into a serializable map. */
    public DeadLetterTarget {
        kafka = new HashMap<>(kafka);
    }

    /** A target that only counts. */
    public static DeadLetterTarget countOnly() {
        return new DeadLetterTarget(Map.of(), null, Duration.ofSeconds(1));
    }

    /** A sender of dead-letter rows of {@code featureSet} to this target, for one task. */
    public DeadLetterRows open(String featureSet) {
        return new DeadLetterRows(featureSet, this);
    }
}
