package dev.freshet.spark.source;

import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
 * Which topics exist, and the creation of missing ones, for the checks a job makes when it starts (its source topics,
 * its dead-letter topic) and for a dead-letter replay. Each call opens one admin client and closes it before it
 * returns, waiting at most the timeout; a broker that does not answer is reported once, by name, in the exception.
 *
 * <pre>{@code
 * KafkaTopics topics = new KafkaTopics(kafka.clientProperties(), Duration.ofSeconds(30));
 * Set<String> missing = topics.missing("user-transactions", "source topic", List.of("transactions"));
 * List<String> created = topics.createMissing(null, "dead-letter topic",
 *         List.of(new NewTopic("freshet.dlq.user-transactions", Optional.of(1), Optional.empty())));
 * }</pre>
 */
public final class KafkaTopics {

    private final Map<String, Object> clientProperties;
    private final Duration timeout;

    /** Topics of the cluster that {@code clientProperties} reach, each call waiting at most {@code timeout}. */
    public KafkaTopics(Map<String, Object> clientProperties, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
    }

    /**
     * The admin-client properties Freshet's own admin clients use: {@code clientProperties} with a client id and,
     * unless they say otherwise, a quiet way of waiting for a broker that does not answer.
     */
    static Map<String, Object> adminProperties(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.putIfAbsent("client.id", clientId);
        // Kafka 4's default, rebootstrap, makes an admin client that reaches no bootstrap server start over some
        // hundreds of times a second, each time logging "Rebootstrapping with ..." at INFO: a wrong address printed
        // hundreds of thousands of lines before Freshet's own error. Freshet's admin clients live for one check (the
        // probe's is replaced after a failure), so the next one bootstraps anew anyway.
        properties.putIfAbsent("metadata.recovery.strategy", "none");
        // One connection WARN a second at first, then one every 10 s, rather than 20 a second.
        properties.putIfAbsent("reconnect.backoff.ms", 1_000);
        properties.putIfAbsent("reconnect.backoff.max.ms", 10_000);
        return properties;
    }

    /**
     * The topics among {@code topics} that do not exist.
     *
     * @param featureSet the feature set they belong to, for messages; {@code null} for none
     * @param role       what the topics are, for messages, such as {@code source topic}
     * @throws FreshetException if Kafka did not answer within the timeout
     */
    public Set<String> missing(String featureSet, String role, Collection<String> topics) {
        try (Client admin = open()) {
            return admin.missing(featureSet, role, topics);
        }
    }

    /**
     * Creates each of {@code topics} that does not exist, as it says (partitions, replication, configs); a topic
     * that exists is left as it is, whatever its settings.
     *
     * @param featureSet the feature set they belong to, for messages; {@code null} for none
     * @param role       what the topics are, for messages, such as {@code dead-letter topic}
     * @return the names of the topics it created
     * @throws FreshetException if Kafka did not answer within the timeout, or refused to create one
     */
    public List<String> createMissing(String featureSet, String role, List<NewTopic> topics) {
        try (Client admin = open()) {
            Set<String> missing = admin.missing(featureSet, role, topics.stream().map(NewTopic::name).toList());
            List<NewTopic> create = topics.stream().filter(t -> missing.contains(t.name())).toList();
            if (create.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(featureSet, role, create, created);
            return created;
        }
    }

    private Client open() {
        return new Client(Admin.create(adminProperties(clientProperties, "freshet-topics")));
    }

    /** One admin client, closed without waiting for what is still pending. */
    private final class Client implements AutoCloseable {
        private final Admin admin;

        Client(Admin admin) {
            this.admin = admin;
        }

        Set<String> missing(String featureSet, String role, Collection<String> topics) {
            try {
                Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Set<String> missing = new LinkedHashSet<>(topics);
                missing.removeAll(existing);
                return missing;
            } catch (ExecutionException e) {
                throw failed(featureSet, "checking", role, topics, e.getCause());
            } catch (TimeoutException e) {
                throw notAnswered(featureSet, "checking", role, topics, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FreshetException(featureSet, "interrupted while checking " + named(role, topics), e);
            }
        }

        void createTopics(String featureSet, String role, List<NewTopic> topics, List<String> created) {
            List<String> names = topics.stream().map(NewTopic::name).toList();
            try {
                admin.createTopics(topics).values().forEach((name, future) -> {
                    try {
                        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        created.add(name);
                    } catch (ExecutionException e) {
                        // Created meanwhile by someone else (another instance starting): it exists, which is enough.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw failed(featureSet, "creating", role, List.of(name), e.getCause());
                        }
                    } catch (TimeoutException e) {
                        throw notAnswered(featureSet, "creating", role, List.of(name), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new FreshetException(featureSet, "interrupted while creating " + named(role, names), e);
                    }
                });
            } catch (org.apache.kafka.common.KafkaException e) {
                throw failed(featureSet, "creating", role, names, e);
            }
        }

        private FreshetException failed(String featureSet, String doing, String role, Collection<String> topics,
                Throwable cause) {
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                // The admin client's own timeout (default.api.timeout.ms) ran out first: the broker did not answer.
                return notAnswered(featureSet, doing, role, topics, cause);
            }
            return doing.equals("creating")
                    ? new FreshetException(featureSet, "cannot create " + named(role, topics) + ": " + cause
                            + "; create it yourself, or check the Kafka connection (spring.kafka.bootstrap-servers)",
                            cause)
                    : new FreshetException(featureSet, "cannot check " + named(role, topics) + ": " + cause
                            + "; check the Kafka connection (spring.kafka.bootstrap-servers) and that Freshet's"
                            + " client may describe topics", cause);
        }

        private FreshetException notAnswered(String featureSet, String doing, String role,
                Collection<String> topics, Throwable cause) {
            return new FreshetException(featureSet, "Kafka did not answer within " + timeout + " while " + doing + " "
                    + named(role, topics) + "; is the broker at " + clientProperties.get("bootstrap.servers")
                    + " running?", cause);
        }

        @Override
        public void close() {
            // Abort what is still pending: close() would wait for it up to default.api.timeout.ms (60 s), far past
            // the timeout, while the broker does not answer.
            admin.close(Duration.ZERO);
        }
    }

    /** {@code dead-letter topic "a"}, or {@code source topics "a", "b"}. */
    static String named(String role, Collection<String> topics) {
        return role + (topics.size() == 1 ? " " : "s ") + String.join(", ", topics.stream()
                .map(t -> "\"" + t + "\"").toList());
    }
}
