package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link OfflineIngestionScheduler#runNow} right after the application started, while the catch-up run of the start
 * (a missed tick, {@code freshet.offline.catch-up-on-start}) is queued or going on: real broker, Redis, Delta. It
 * used to return empty ("already going on"), and a second call a run that appended 0 rows, the start-up run having
 * taken them. Now it waits for that run, runs again for what came since, and says what both appended.
 */
class RunNowAtStartUpIT {

    /** The scheduler's now: after the feature set's yearly tick of 1 January, which it never ran, so it catches up. */
    private static final Instant NOW = Instant.parse("2027-06-15T12:00:00Z");

    /** One record per micro-batch: the start-up run takes many seconds, so that runNow finds it going on. */
    private static final int RECORDS = 12;

    @TempDir
    Path dir;

    private final String topic = "startup-" + UUID.randomUUID();
    private final String name = "startup-" + topic.substring(8, 16);
    private final FeatureSetSpec spec = aFeatureSet().name(name).topic(topic).build();

    @Test
    void runNowRightAfterStartWaitsForTheStartUpRunAndReportsWhatItAppended() {
        EmbeddedKafka.createTopic(topic, 1);
        for (int i = 0; i < RECORDS; i++) {
            send(i);
        }

        inARunningApplication(context -> {
            OfflineIngestionScheduler scheduler = context.getBean(OfflineIngestionScheduler.class);

            OnDemandRun done = scheduler.runNow(name).orElseThrow();

            assertThat(done.waitedFor()).singleElement().satisfies(startUp -> {
                assertThat(startUp.written()).isEqualTo(RECORDS);
                assertThat(startUp.started()).isEqualTo(NOW);
            });
            assertThat(done.run().written()).as("nothing was left for runNow's own run").isZero();
            assertThat(done.run().records()).isZero();
            assertThat(done.written()).isEqualTo(RECORDS);
            assertThat(rows(context)).isEqualTo(RECORDS);
            assertThat(runs(context, "completed")).isEqualTo(2);
            assertThat(runs(context, "skipped")).isZero();
        });
    }

    @Test
    void whatCameWhileTheStartUpRunWentOnIsInTheTableWhenRunNowReturns() {
        EmbeddedKafka.createTopic(topic, 1);
        for (int i = 0; i < RECORDS; i++) {
            send(i);
        }

        inARunningApplication(context -> {
            OfflineIngestionScheduler scheduler = context.getBean(OfflineIngestionScheduler.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Arrays.stream(SharedSpark.session().streams().active())
                            .anyMatch(q -> ("freshet-offline-" + name).equals(q.name())));
            // The start-up run's query has started, and may have fixed the end of its read already.
            send(RECORDS);

            OnDemandRun done = scheduler.runNow(name).orElseThrow();

            assertThat(done.waitedFor()).hasSize(1);
            assertThat(done.waitedFor().get(0).written()).isBetween((long) RECORDS, RECORDS + 1L);
            assertThat(done.written()).as("split between the two runs as it came").isEqualTo(RECORDS + 1);
            assertThat(rows(context)).isEqualTo(RECORDS + 1);
        });
    }

    private void inARunningApplication(Consumer<AssertableApplicationContext> test) {
        SharedSpark.session();
        try (RedisNamespace redis = RedisNamespace.create()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                    .withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                            "freshet.online.enabled=false",
                            "freshet.redis.key-prefix=" + redis.prefix(),
                            "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                            "freshet.offline.root=" + dir.resolve("offline"),
                            "freshet.offline.max-offsets-per-trigger=1",
                            "freshet.feature-sets." + name + ".offline-schedule=0 0 1 1 *")
                    .run(test::accept);
        }
    }

    private long rows(AssertableApplicationContext context) {
        return context.getBean(FreshetEngine.class).offlineTable().read(SharedSpark.session(), spec).count();
    }

    private double runs(AssertableApplicationContext context, String outcome) {
        return context.getBean(MeterRegistry.class).counter("freshet.offline.runs", "feature.set", name, "outcome",
                outcome).count();
    }

    private void send(int i) {
        String time = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString();
        EmbeddedKafka.send(topic, 0, "u" + i, "{\"user_id\":\"u" + i + "\",\"amount\":1.5,\"is_remote\":false,"
                + "\"timestamp\":\"" + time + "\"}", Instant.parse(time));
    }
}
