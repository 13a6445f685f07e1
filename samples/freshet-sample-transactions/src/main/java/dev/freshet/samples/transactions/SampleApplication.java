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
     * would rightly refuse to resume from offsets the new topic does not have, and an offline table would mix two
     * runs' events. So, unless the user chose them, each run with the embedded broker gets a fresh checkpoint root
     * and offline store.
     */
    static void freshCheckpointsForEmbeddedKafka(ConfigurableEnvironment env) {
        boolean embedded = env.getProperty("sample.embedded-kafka", Boolean.class, true);
        if (!embedded) {
            return;
        }
        try {
            String dir = Files.createTempDirectory("freshet-sample-").toString();
            Map<String, Object> fresh = new java.util.HashMap<>();
            if (!env.containsProperty("freshet.checkpoint-root")) {
                fresh.put("freshet.checkpoint-root", dir + "/checkpoints");
            }
            if (!env.containsProperty("freshet.offline.root")) {
                fresh.put("freshet.offline.root", dir + "/offline");
            }
            env.getPropertySources().addFirst(new MapPropertySource("sample-fresh-directories", fresh));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for checkpoints and the offline store", e);
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
