package dev.freshet.samples.transactions;

import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The transactions sample: a Spring Boot application whose only Freshet-specific code is the annotated
 * {@link Transaction} source and {@link UserLastTransactionFeatures} feature set. The starter runs their online job;
 * the development broker of {@code freshet-dev-kafka} (on in
 * {@code application.yaml}) serves Kafka, and this class adds an event generator and the endpoints that show the results.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /** Runs the sample: {@code ./mvnw -B -DskipTests -Prun-sample package} from the repository root. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HistoryGenerator historyGenerator(SparkSession spark, SampleProperties properties) {
        return new HistoryGenerator(spark, properties);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sample.generator.enabled", matchIfMissing = true)
    TransactionGenerator transactionGenerator(KafkaTemplate<String, String> kafka, SampleProperties properties,
            Clock clock) {
        return new TransactionGenerator(kafka, properties.generator(), clock);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "sample.generator.enabled", matchIfMissing = true)
    LoginGenerator loginGenerator(KafkaTemplate<String, String> kafka, SampleProperties properties, Clock clock) {
        return new LoginGenerator(kafka, properties.generator(), clock);
    }
}
