package dev.freshet.spark.deadletter;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.spark.output.KafkaTopicWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends the dead letters of one task to its job's {@link DeadLetterTarget}: its topic or collector (or only counts them, for a target that
 * does not send), counting them by reason for the driver. Not thread-safe: one per task.
 */
public final class DeadLetterSender implements AutoCloseable {

    private final String featureSet;
    private final KafkaTopicWriter producer;
    private final DeadLetterCollector collector;
    private final Map<String, Long> counts = new HashMap<>();

    DeadLetterSender(String featureSet, DeadLetterTarget target) {
        this.featureSet = featureSet;
        this.collector = target.collector();
        this.producer = target.topic() != null ? new KafkaTopicWriter(target.kafka(), target.topic(), target.timeout(),
                "dead letters", featureSet)
                : null;
    }

    /** The feature set whose dead letters these are. */
    public String featureSet() {
        return featureSet;
    }

    /**
     * Sends one dead letter with the source record's Kafka key (asynchronously: {@link #finish} waits for it).
     *
     * @throws dev.freshet.core.error.FreshetException if Kafka has refused or timed out an earlier one already
     */
    public void send(DeadLetter letter, byte[] key) {
        if (producer != null) {
            producer.send(key, letter.toJson());
        }
        if (collector != null) {
            collector.collect(letter, key);
        }
        counts.merge(letter.reason().name(), 1L, Long::sum);
    }

    /**
     * Waits until Kafka has acknowledged every dead letter sent, and returns the counts by reason.
     *
     * @throws dev.freshet.core.error.FreshetException if Kafka did not acknowledge them in time
     */
    public Map<String, Long> finish() {
        if (producer != null) {
            producer.awaitAll();
        }
        return counts;
    }

    /** Gives the shared producer back. */
    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
