package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach Kafka: bootstrap servers and any further client properties (security, timeouts), as Kafka names them
 * ({@code security.protocol}, {@code sasl.mechanism}, …). Used for the source, the dead-letter topic and its admin
 * calls. {@link #toString()} hides the property values, which may hold secrets.
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param properties       further Kafka client properties
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) implements Serializable {

    /** Checks the servers are given and copies the properties into a mutable, serializable map. */
    public KafkaConnection {
        requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: set spring.kafka.bootstrap-servers");
        }
        // A LinkedHashMap, not Map.copyOf: Kryo cannot rebuild JDK immutable maps on executors.
        properties = new LinkedHashMap<>(properties);
    }

    /** A connection to {@code bootstrapServers} with no further properties. */
    public static KafkaConnection of(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** Client properties including {@code bootstrap.servers}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("bootstrap.servers", bootstrapServers);
        return all;
    }

    /**
     * Options for Spark's Kafka source and sink: every client property prefixed with {@code kafka.}, and, unless the
     * properties say otherwise, {@code metadata.recovery.strategy=none}.
     */
    public Map<String, String> sparkOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        // Under Kafka 4's default (rebootstrap), the admin client of Spark's source logs "Rebootstrapping with ..." at
        // INFO some 150 times a second while no broker answers (2,800 lines in a 20-second outage). Without it the
        // clients reconnect to the brokers they know, and a query that fails meanwhile is restarted by its supervisor
        // with new clients, which bootstrap anew.
        options.put("kafka.metadata.recovery.strategy", "none");
        properties.forEach((k, v) -> options.put("kafka." + k, v));
        options.put("kafka.bootstrap.servers", bootstrapServers);
        return options;
    }

    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + ", properties=" + properties.keySet() + "]";
    }
}
