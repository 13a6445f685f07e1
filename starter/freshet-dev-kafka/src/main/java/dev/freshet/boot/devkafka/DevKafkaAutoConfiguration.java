package dev.freshet.boot.devkafka;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Starts a {@link DevKafkaBroker} when {@code freshet.dev.embedded-kafka.enabled=true}, creates the topics of every
 * declared source (and {@code freshet.dev.embedded-kafka.topics}), and publishes it as Spring Boot's
 * {@link KafkaConnectionDetails}, which Spring Kafka's auto-configuration and Freshet both read instead of
 * {@code spring.kafka.bootstrap-servers}, as they would a Testcontainers service connection. Runs before both, so
 * nothing connects before the broker is up; the broker stops after Freshet's engine, when the context closes.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "dev.freshet.boot.FreshetAutoConfiguration"
})
@ConditionalOnBooleanProperty(name = "freshet.dev.embedded-kafka.enabled")
@EnableConfigurationProperties(DevKafkaProperties.class)
public class DevKafkaAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevKafkaAutoConfiguration.class);

    /** The broker, with the declared sources' topics; shut down when the context closes. */
    @Bean(destroyMethod = "close")
    public DevKafkaBroker freshetDevKafkaBroker(DevKafkaProperties properties,
            ObjectProvider<FeatureSetCatalog> catalog) {
        DevKafkaBroker broker = DevKafkaBroker.start(properties.port(), Path.of(properties.logDir()));
        Set<String> topics = new LinkedHashSet<>(sourceTopics(catalog.getIfAvailable()));
        topics.addAll(properties.topics());
        Set<String> created = broker.createTopics(topics, properties.partitions());
        log.info("Development Kafka broker (freshet.dev.embedded-kafka) at {}, log in {}; topics {} ({} created now). "
                + "Not for production.", broker.bootstrapServers(), broker.logDirectory(), topics,
                created.isEmpty() ? "none" : created.size());
        return broker;
    }

    /** The broker's address, for Spring Kafka's clients and Freshet's jobs. */
    @Bean
    public KafkaConnectionDetails freshetDevKafkaConnectionDetails(DevKafkaBroker broker) {
        List<String> servers = List.of(broker.bootstrapServers());
        return () -> servers;
    }

    private static List<String> sourceTopics(FeatureSetCatalog catalog) {
        if (catalog == null) {
            return List.of();
        }
        return catalog.all().stream()
                .map(FeatureSetSpec::source)
                .flatMap(source -> source.topics().stream())
                .distinct()
                .toList();
    }
}
