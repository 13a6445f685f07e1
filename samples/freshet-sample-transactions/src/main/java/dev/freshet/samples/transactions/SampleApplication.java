package dev.freshet.samples.transactions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The transactions sample: a Spring Boot application whose only Freshet-specific code is the annotated
 * {@link Transaction} source and {@link UserLastTransactionFeatures} feature set. The starter runs their online job;
 * this class adds an embedded Kafka broker, an event generator and the endpoints that show the results.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /** Runs the sample: {@code ./mvnw -B -DskipTests -Prun-sample package} from the repository root. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SampleApplication.class);
        app.addInitializers(context -> freshCheckpointsForEmbeddedKafka(context.getEnvironment()));
        app.run(args);
    }

    /**
     * An embedded broker starts empty on every run, but checkpoints remember offsets of the previous broker: Spark
     * would rightly refuse to resume from offsets the new topic does not have. So, unless the user chose a checkpoint
     * root, each run with the embedded broker gets fresh checkpoints.
     */
    static void freshCheckpointsForEmbeddedKafka(ConfigurableEnvironment env) {
        boolean embedded = env.getProperty("sample.embedded-kafka", Boolean.class, true);
        if (embedded && !env.containsProperty("freshet.checkpoint-root")) {
            try {
                String dir = Files.createTempDirectory("freshet-sample-checkpoints").toString();
                env.getPropertySources().addFirst(new MapPropertySource("sample-checkpoints",
                        Map.of("freshet.checkpoint-root", dir)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a checkpoint directory", e);
            }
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
