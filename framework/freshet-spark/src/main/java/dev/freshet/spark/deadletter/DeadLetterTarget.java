package dev.freshet.spark.deadletter;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Where a job's dead letters go, shipped to executors: a Kafka topic, a {@link DeadLetterCollector} (the test kit's
 * in-process list), or nowhere (a job that only counts them, because another job of the same feature set already
 * sends them). Every job has one: the decoder sends the records
 * it rejects there, and the job's per-batch writer the dead-letter rows of the transform and the tile stage.
 *
 * @param kafka   Kafka client properties
 * @param topic   dead-letter topic, or {@code null} to only count
 * @param timeout   how long to wait for acknowledgements
 * @param collector where dead letters go instead of a topic, or {@code null}
 */
public record DeadLetterTarget(Map<String, Object> kafka, String topic, Duration timeout,
        DeadLetterCollector collector) implements Serializable {

    /** Copies the properties into a serializable map. */
    public DeadLetterTarget {
        kafka = new HashMap<>(kafka);
    }

    /** A target sending to Kafka {@code topic} ({@code null} to only count). */
    public DeadLetterTarget(Map<String, Object> kafka, String topic, Duration timeout) {
        this(kafka, topic, timeout, null);
    }

    /** A target handing every dead letter to {@code collector}, in the task. */
    public static DeadLetterTarget collecting(DeadLetterCollector collector) {
        return new DeadLetterTarget(Map.of(), null, Duration.ofSeconds(1),
                java.util.Objects.requireNonNull(collector, "collector"));
    }

    /** A target that only counts. */
    public static DeadLetterTarget countOnly() {
        return new DeadLetterTarget(Map.of(), null, Duration.ofSeconds(1));
    }

    /** Whether dead letters are sent to a topic or a collector (otherwise they are only counted). */
    public boolean sends() {
        return topic != null || collector != null;
    }

    /**
     * A sender of {@code featureSet}'s dead letters to this target, for the running Spark task: it is closed when the
     * task ends, whether it succeeds or fails (outside a task, close it yourself).
     */
    public DeadLetterSender open(String featureSet) {
        DeadLetterSender sender = new DeadLetterSender(featureSet, this);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ignored -> sender.close());
        }
        return sender;
    }
}
