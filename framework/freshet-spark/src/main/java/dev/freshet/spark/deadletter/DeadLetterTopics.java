package dev.freshet.spark.deadletter;

import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

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
     */
    public static void ensure(Map<String, Object> clientProperties, String topic, Map<String, String> configs,
            Duration timeout) {
        Admin admin = Admin.create(clientProperties);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (existing.contains(topic)) {
                return;
            }
            NewTopic created = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                    .configs(configs);
            admin.createTopics(List.of(created)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // The admin client's own timeout (default.api.timeout.ms) ran out first: the broker did not answer.
                throw notAnswered(clientProperties, topic, timeout, e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new FreshetException(null, "cannot create dead-letter topic \"" + topic + "\": " + e.getCause()
                        + "; create it yourself, or check the Kafka connection (spring.kafka.bootstrap-servers)",
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw notAnswered(clientProperties, topic, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(null, "interrupted while checking dead-letter topic \"" + topic + "\"", e);
        } finally {
            // Abort what is still pending: close() would wait for it up to default.api.timeout.ms (60 s), far past
            // the timeout, while the broker does not answer.
            admin.close(Duration.ZERO);
        }
    }

    private static FreshetException notAnswered(Map<String, Object> clientProperties, String topic, Duration timeout,
            Throwable cause) {
        return new FreshetException(null, "Kafka did not answer within " + timeout + " while checking dead-letter"
                + " topic \"" + topic + "\"; is the broker at " + clientProperties.get("bootstrap.servers")
                + " running?", cause);
    }
}
