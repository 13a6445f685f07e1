package dev.freshet.spark.deadletter;

import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.source.KafkaTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Names dead-letter topics and creates them when missing, so that a broker without topic auto-creation still
 * receives dead letters. The name comes from a pattern with a {@code {featureSet}} placeholder, by default
 * {@value #DEFAULT_PATTERN}.
 */
public final class DeadLetterTopics {

    /** The default topic pattern: {@code freshet.dlq.user-transactions} for feature set {@code user-transactions}. */
    public static final String DEFAULT_PATTERN = "freshet.dlq.{featureSet}";

    private DeadLetterTopics() {}

    /** The dead-letter topic of {@code featureSet} under {@code pattern}. */
    public static String topic(String pattern, String featureSet) {
        if (!pattern.contains("{featureSet}")) {
            // One topic for all feature sets is allowed: the message names its feature set.
            return pattern;
        }
        return pattern.replace("{featureSet}", featureSet);
    }

    /** Creates {@code topic} (one partition, the broker's default replication) unless it exists. */
    public static void ensure(Map<String, Object> clientProperties, String topic, Duration timeout) {
        ensure(clientProperties, topic, Map.of(), timeout);
    }

    /**
     * Creates {@code topic} (one partition, the broker's default replication) with the topic {@code configs}, such as
     * {@code cleanup.policy=compact}, unless it exists (whatever its configs then are).
     *
     * @throws FreshetException if Kafka did not answer within {@code timeout}, naming the broker, or refused
     */
    public static void ensure(Map<String, Object> clientProperties, String topic, Map<String, String> configs,
            Duration timeout) {
        new KafkaTopics(clientProperties, timeout).createMissing(null, "dead-letter topic",
                List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(configs)));
    }
}
