package dev.freshet.samples.transactions;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-process KRaft broker, so that the sample runs with nothing installed but Redis. It is published as Spring
 * Boot's {@link KafkaConnectionDetails}, which both Spring's Kafka support and Freshet read, exactly as a
 * Testcontainers or Docker Compose service connection would be. Off with {@code sample.embedded-kafka=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.embedded-kafka", matchIfMissing = true)
class EmbeddedKafkaConfiguration {

    @Bean(destroyMethod = "destroy")
    EmbeddedKafkaKraftBroker embeddedKafkaBroker(SampleProperties properties) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, properties.generator().topic(),
                properties.generator().loginTopic());
        broker.brokerProperty("log.dirs", System.getProperty("java.io.tmpdir") + "/freshet-sample-kafka-"
                + ProcessHandle.current().pid());
        broker.afterPropertiesSet();
        return broker;
    }

    @Bean
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaKraftBroker broker) {
        List<String> servers = List.of(broker.getBrokersAsString().split(","));
        return () -> servers;
    }
}
