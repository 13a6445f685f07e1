package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter with a feature set whose source topic does not exist (the real broker, Redis and Spark): the
 * application starts with its other jobs, and the job that cannot start is given up at once, logged once with the
 * topic and the fix, DOWN in health with the same message and keeping readiness REFUSING_TRAFFIC after Spring Boot
 * declares the application ready; with {@code freshet.kafka.create-missing-source-topics=true} the job creates the
 * topic and runs.
 */
class MissingSourceTopicIT {

    @TempDir
    Path dir;

    private final RedisNamespace redis = RedisNamespace.create();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final FeatureSetSpec present = aFeatureSet().name("present-" + suffix).topic("present-" + suffix)
            .trigger(Duration.ofMillis(300)).build();
    private final FeatureSetSpec absent = aFeatureSet().name("absent-" + suffix).topic("absent-" + suffix)
            .trigger(Duration.ofMillis(300)).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger freshet = (Logger) LoggerFactory.getLogger("dev.freshet");

    @BeforeEach
    void captureFreshetsLog() {
        log.start();
        freshet.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        freshet.detachAppender(log);
        redis.close();
    }

    @Test
    void aJobWhoseSourceTopicIsMissingIsDownInHealthAndLoggedOnceWhileTheOthersRun() {
        EmbeddedKafka.createTopic(present.source().topics().get(0), 1);
        String message = "feature set \"" + absent.name() + "\": source \"transaction_stream\" reads Kafka topic \""
                + absent.source().topics().get(0) + "\", which does not exist on the brokers at "
                + EmbeddedKafka.bootstrapServers() + "; create it (kafka-topics.sh --bootstrap-server "
                + EmbeddedKafka.bootstrapServers() + " --create --topic " + absent.source().topics().get(0) + "), or let"
                + " the job create missing source topics when it starts: freshet.kafka.create-missing-source-topics=true"
                + " (FreshetEngine.Builder.createMissingSourceTopics)";

        runner().run(context -> {
            assertThat(context).hasNotFailed();
            FreshetEngine engine = context.getBean(FreshetEngine.class);
            SupervisedJob failed = engine.supervisedOnline(absent.name()).orElseThrow();
            assertThat(failed.status().state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(failed.current()).isNull();
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> engine.supervisedOnline(present.name()).orElseThrow().current().passedATrigger());

            Health health = job(context.getBean(FreshetHealthContributor.class), absent.name());
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", "FAILED").containsEntry("error", message)
                    .containsEntry("restartCanFix", false);
            assertThat(job(context.getBean(FreshetHealthContributor.class), present.name()).getStatus())
                    .isEqualTo(Status.UP);

            // What Spring Boot publishes once the application has started: the failed job keeps it not ready.
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });

        assertThat(log.list.stream().filter(e -> e.getFormattedMessage().contains("which does not exist")))
                .as("Freshet's log of the missing topic").singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo("feature set " + absent.name()
                        + ": the online job failed, and is not restarted: a restart cannot fix this: " + message));
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
                .contains("Freshet: 1 of 2 online job(s) running; not running, as logged above and shown in the"
                        + " health endpoint: [" + absent.name() + "]");
    }

    @Test
    void createsTheMissingSourceTopicWhenConfiguredToAndTheJobRuns() throws Exception {
        EmbeddedKafka.createTopic(present.source().topics().get(0), 1);

        runner().withPropertyValues("freshet.kafka.create-missing-source-topics=true",
                "freshet.kafka.source-topic-partitions=2").run(context -> {
                    FreshetEngine engine = context.getBean(FreshetEngine.class);
                    SupervisedJob created = engine.supervisedOnline(absent.name()).orElseThrow();
                    assertThat(created.status().state()).isEqualTo(JobStatus.State.RUNNING);
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> created.current().passedATrigger());
                    assertThat(job(context.getBean(FreshetHealthContributor.class), absent.name()).getStatus())
                            .isEqualTo(Status.UP);
                });

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
            String topic = absent.source().topics().get(0);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
        }
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage)).contains("feature set " + absent.name()
                + ": created source topic " + absent.source().topics().get(0) + " of source transaction_stream (2"
                + " partitions, the broker's default replication factor) on the brokers at "
                + EmbeddedKafka.bootstrapServers() + ", since it did not exist");
    }

    private ApplicationContextRunner runner() {
        // The starter uses the JVM's session (a bean of it would be closed with the context, stopping it for all).
        SharedSpark.session();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        FreshetAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(present, absent)))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
                        "freshet.redis.key-prefix=" + redis.prefix(),
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                        "freshet.offline.enabled=false");
    }

    private static Health job(FreshetHealthContributor health, String featureSet) {
        CompositeHealthContributor jobs = (CompositeHealthContributor) health.getContributor("jobs");
        return ((HealthIndicator) jobs.getContributor(featureSet)).health(true);
    }
}
