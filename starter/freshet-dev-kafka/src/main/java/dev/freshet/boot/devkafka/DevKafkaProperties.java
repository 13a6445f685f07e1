package dev.freshet.boot.devkafka;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code freshet.dev.embedded-kafka.*}: a Kafka broker inside the application, for development.
 *
 * @param enabled    Whether to start a single-node KRaft broker on the loopback address before anything reads
 *                   {@code spring.kafka.*}, and connect Spring Kafka and Freshet to it
 * @param port       Port of the broker on 127.0.0.1; 0 picks a free one (the log says which)
 * @param logDir     Directory of the broker's log, kept across restarts like Freshet's checkpoints; delete both to
 *                   start from nothing
 * @param partitions Partitions of each topic the broker creates
 * @param topics     Topics to create besides the declared sources' topics, such as those the application produces to
 */
@ConfigurationProperties("freshet.dev.embedded-kafka")
public record DevKafkaProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("9092") int port,
        @DefaultValue("./freshet-data/dev-kafka") String logDir,
        @DefaultValue("1") int partitions,
        @DefaultValue List<String> topics) {

    /** Copies the list. */
    public DevKafkaProperties {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
