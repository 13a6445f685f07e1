package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter as an application uses it: the context starts the online job of each feature set (real broker, real
 * Redis, local Spark), features become readable through the {@link OnlineFeatureClient} bean, metrics land in the
 * application's registry, and closing the context stops the jobs.
 */
class FreshetStarterIT {

    @TempDir
    Path checkpoints;

    @Test
    void runsTheOnlineJobsForTheLifeOfTheContext() {
        String topic = "starter-" + UUID.randomUUID();
        FeatureSetSpec spec = aFeatureSet().name("starter-it").topic(topic).trigger(Duration.ofMillis(500)).build();
        EmbeddedKafka.createTopic(topic, 1);
        EmbeddedKafka.send(topic, 0, "u1", "{\"user_id\":\"u1\",\"amount\":12.5,\"is_remote\":true,"
                + "\"timestamp\":\"2026-01-01T00:00:01Z\"}", Instant.parse("2026-01-01T00:00:01Z"));
        EmbeddedKafka.send(topic, 0, "u1", "{\"user_id\":\"u1\",\"amount\":\"oops\"}",
                Instant.parse("2026-01-01T00:00:02Z"));
        SharedSpark.session();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (RedisNamespace redis = RedisNamespace.create()) {
            SupervisedJob[] job = new SupervisedJob[1];
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                    .withBean(MeterRegistry.class, () -> meters)
                    .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                            "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
                            "freshet.redis.key-prefix=" + redis.prefix(),
                            "freshet.checkpoint-root=" + checkpoints.resolve("checkpoints"),
                            "freshet.offline.root=" + checkpoints.resolve("offline"))
                    .run(context -> {
                        OnlineFeatureClient features = context.getBean(OnlineFeatureClient.class);
                        Awaitility.await().atMost(Duration.ofSeconds(60))
                                .until(() -> features.get("starter-it", EntityKey.of("u1")).isPresent());
                        assertThat(features.get("starter-it", EntityKey.of("u1")).orElseThrow()
                                .feature("amount").asDouble()).isEqualTo(12.5);
                        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> meters.find(
                                "freshet.records.dead.lettered").tag("reason", "type_mismatch").counter() != null);
                        job[0] = context.getBean(OnlineIngestionLifecycle.class).jobs().get(0);
                        assertThat(job[0].status().state()).isEqualTo(JobStatus.State.RUNNING);
                        assertThat(job[0].current().isActive()).isTrue();
                    });
            assertThat(job[0].current().isActive()).as("the job stops with the context").isFalse();
            assertThat(job[0].status().state()).isEqualTo(JobStatus.State.STOPPED);
            assertThat(job[0].current().failure()).isEmpty();
        }
    }
}
