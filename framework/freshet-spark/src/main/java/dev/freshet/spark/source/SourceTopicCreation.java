package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How a job that starts creates the source topics that do not exist, when it is asked to
 * ({@code FreshetEngine.Builder#createMissingSourceTopics}, {@code freshet.kafka.create-missing-source-topics}):
 * meant for development brokers, where the topic would otherwise be created by hand.
 *
 * @param partitions        partitions of a created topic; empty for the broker's {@code num.partitions}
 * @param replicationFactor replication factor of a created topic; empty for the broker's
 *                          {@code default.replication.factor}
 */
public record SourceTopicCreation(Optional<Integer> partitions, Optional<Short> replicationFactor) {

    /** Checks the values. */
    public SourceTopicCreation {
        requireNonNull(partitions, "partitions");
        requireNonNull(replicationFactor, "replicationFactor");
        partitions.filter(p -> p < 1).ifPresent(p -> {
            throw new IllegalArgumentException("a source topic needs at least one partition, not " + p);
        });
        replicationFactor.filter(r -> r < 1).ifPresent(r -> {
            throw new IllegalArgumentException("a source topic needs a replication factor of at least 1, not " + r);
        });
    }

    /** Topics with the broker's default partitions and replication. */
    public static SourceTopicCreation brokerDefaults() {
        return new SourceTopicCreation(Optional.empty(), Optional.empty());
    }

    /** The topic {@code name} as this creates it. */
    NewTopic topic(String name) {
        return new NewTopic(name, partitions, replicationFactor);
    }

    /** How it is created, for logs: {@code 3 partitions, replication factor 1}, or the broker's defaults. */
    String describe() {
        return partitions.map(p -> p + (p == 1 ? " partition" : " partitions")).orElse("the broker's default partitions")
                + ", " + replicationFactor.map(r -> "replication factor " + r)
                        .orElse("the broker's default replication factor");
    }
}
