package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The offline scheduler in a running context, against a real broker, Redis and Delta: a missed tick runs at start, an
 * operator can run a job now, and a job whose lease another instance holds does not run.
 */
class OfflineSchedulingIT {

    /**
     * The scheduler's now. Deliberately not today: a test on the system clock would expect another next run every
     * year (and this one, written in 2026, would fail today).
     */
    private static final Instant NOW = Instant.parse("2027-06-15T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void catchesUpAtStartRunsOnDemandAndNeverRunsWhileAnotherInstanceHoldsTheLease() {
        String topic = "sched-" + UUID.randomUUID();
        FeatureSetSpec spec = aFeatureSet().name("sched-it").topic(topic).build();
        EmbeddedKafka.createTopic(topic, 1);
        send(topic, "u1", "2026-01-01T00:00:01Z");
        SharedSpark.session();

        try (RedisNamespace redis = RedisNamespace.create()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                    .withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
                    .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                            "freshet.online.enabled=false",
                            "freshet.redis.key-prefix=" + redis.prefix(),
                            "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                            "freshet.offline.root=" + dir.resolve("offline"),
                            "freshet.feature-sets.sched-it.offline-schedule=0 0 1 1 *")
                    .run(context -> {
                        RunCoordinator coordinator = context.getBean(RunCoordinator.class);
                        FreshetEngine engine = context.getBean(FreshetEngine.class);
                        OfflineIngestionScheduler scheduler = context.getBean(OfflineIngestionScheduler.class);

                        // Never run before: the tick of 1 January was missed, so a run starts with the context.
                        Awaitility.await().atMost(Duration.ofSeconds(90))
                                .until(() -> coordinator.lastCompleted("offline:sched-it").isPresent());
                        assertThat(rows(engine, spec)).isEqualTo(1);
                        assertThat(coordinator.lastCompleted("offline:sched-it")).as("completed at the scheduler's now")
                                .contains(NOW);
                        assertThat(scheduler.nextRuns().get("sched-it"))
                                .isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));

                        send(topic, "u2", "2026-01-01T00:00:02Z");
                        Optional<OnDemandRun> now = scheduler.runNow("sched-it");
                        assertThat(now).hasValueSatisfying(r -> assertThat(r.written()).isEqualTo(1));
                        assertThat(rows(engine, spec)).isEqualTo(2);

                        send(topic, "u3", "2026-01-01T00:00:03Z");
                        assertThat(coordinator.tryAcquire("offline:sched-it", "another-instance",
                                Duration.ofMinutes(1))).isTrue();
                        assertThat(scheduler.runNow("sched-it")).isEmpty();
                        assertThat(rows(engine, spec)).isEqualTo(2);
                        coordinator.release("offline:sched-it", "another-instance");
                        assertThat(scheduler.runNow("sched-it")).isPresent();
                        assertThat(rows(engine, spec)).isEqualTo(3);
                    });
        }
    }

    private static long rows(FreshetEngine engine, FeatureSetSpec spec) {
        return engine.offlineTable().read(SharedSpark.session(), spec).count();
    }

    private static void send(String topic, String user, String time) {
        EmbeddedKafka.send(topic, 0, user, "{\"user_id\":\"" + user + "\",\"amount\":1.5,\"is_remote\":false,"
                + "\"timestamp\":\"" + time + "\"}", Instant.parse(time));
    }
}
