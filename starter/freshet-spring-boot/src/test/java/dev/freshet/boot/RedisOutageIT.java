package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisServerProcess;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The fault users hit first, as a test: the online store's {@code redis-server} (a real process on a private port,
 * with its append-only file, as in production) stops for 30 seconds while events keep coming. Health goes DOWN with
 * the error, readiness refuses traffic, the jobs restart by themselves, an offline run fails with the reason instead
 * of hanging; once Redis is back, without anyone touching the application, health is UP again, every feature of a
 * row-level and of an aggregated feature set equals a brute-force oracle, and the offline table holds every event
 * exactly once.
 */
class RedisOutageIT {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final int KEYS = 8;

    @TempDir
    Path dir;

    @Test
    void survivesRedisGoingAwayForThirtySecondsWithNothingLostOrDoubled() throws Exception {
        String topic = "outage-" + UUID.randomUUID();
        String suffix = topic.substring(7, 15);
        FeatureSetSpec latest = aFeatureSet().name("outage-latest-" + suffix).topic(topic)
                .trigger(Duration.ofMillis(500)).build();
        FeatureSetSpec counts = aFeatureSet().name("outage-counts-" + suffix).topic(topic)
                .trigger(Duration.ofMillis(500))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(1),
                        Duration.ofDays(1))
                .build();
        EmbeddedKafka.createTopic(topic, 2);
        // Time as the application sees it: starts at BASE, whatever today's date is.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), BASE));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // The starter uses the JVM's session (a bean of it would be closed with the context, stopping it for all).
        SparkSession spark = SharedSpark.session();

        try (RedisServerProcess redis = RedisServerProcess.builder()
                .option("appendonly", "yes").option("appendfsync", "always").start();
                Producer producer = new Producer(topic, clock)) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class,
                            ApplicationAvailabilityAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                            HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(latest, counts)))
                    .withBean(MeterRegistry.class, () -> meters)
                    .withBean(Clock.class, () -> clock)
                    .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                            "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                            "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                            "freshet.offline.root=" + dir.resolve("offline"),
                            "freshet.offline.catch-up-on-start=false",
                            "freshet.offline.lease-ttl=20s",
                            "freshet.io-timeout=3s",
                            "freshet.online.restart.initial-backoff=500ms",
                            "freshet.online.restart.max-backoff=4s",
                            "freshet.health.freshness-bound=10s",
                            "freshet.health.timeout=1s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        HealthEndpoint health = context.getBean(HealthEndpoint.class);
                        OnlineFeatureClient features = context.getBean(OnlineFeatureClient.class);
                        FreshetEngine engine = context.getBean(FreshetEngine.class);
                        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                        OfflineIngestionScheduler offline = context.getBean(OfflineIngestionScheduler.class);

                        producer.start();
                        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> producer.sent() > 40
                                && features.get(latest.name(), EntityKey.of("u0")).isPresent()
                                && status(health, "freshet").equals(Status.UP));

                        redis.stop();
                        Instant down = Instant.now();
                        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                                status(health, "freshet").equals(Status.DOWN)
                                        && engine.supervisedJobs().stream().allMatch(j -> j.status().state()
                                                == JobStatus.State.RESTARTING));
                        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                        assertThat(status(health, "freshet", "redis")).isEqualTo(Status.DOWN);
                        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
                        assertThat(engine.supervisedOnline(latest.name()).orElseThrow().status().lastFailure()
                                .orElseThrow().message()).contains("Redis at " + redis.host() + ":" + redis.port());
                        assertThatThrownBy(() -> offline.runNow(latest.name()))
                                .isInstanceOf(FreshetException.class).hasMessageContaining("Redis");
                        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                                status(health, "freshet", "freshness", latest.name()).equals(Status.OUT_OF_SERVICE));
                        Awaitility.await().atMost(Duration.ofSeconds(40))
                                .until(() -> Duration.between(down, Instant.now()).toSeconds() >= 30);

                        redis.start();
                        // Events keep coming for a while after Redis is back, then stop.
                        int sentBeforeRecovery = producer.sent();
                        Awaitility.await().atMost(Duration.ofSeconds(30))
                                .until(() -> producer.sent() >= sentBeforeRecovery + 40);
                        producer.close();
                        int sent = producer.sent();

                        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                                status(health, "freshet").equals(Status.UP)
                                        && producer.oracleHolds(features, latest.name(), counts.name()));
                        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
                        assertThat(engine.supervisedJobs()).allSatisfy(j -> {
                            assertThat(j.status().state()).isEqualTo(JobStatus.State.RUNNING);
                            assertThat(j.status().restarts()).isPositive();
                        });
                        assertThat(meters.get("freshet.job.restarts").tag("feature.set", latest.name()).counter()
                                .count()).isPositive();

                        Optional<OnDemandRun> run = offline.runNow(latest.name());
                        assertThat(run).isPresent();
                        long rows = spark.read().format("delta").load(run.get().run().table()).count();
                        assertThat(rows).as("every event once in the offline table").isEqualTo(sent);
                    });
        }
    }

    private static Status status(HealthEndpoint health, String... path) {
        var descriptor = health.healthForPath(path);
        return descriptor == null ? Status.UNKNOWN : descriptor.getStatus();
    }

    /** Sends an event of one of {@value #KEYS} users every 50 ms, and keeps the oracle of what it sent. */
    private static final class Producer implements AutoCloseable {
        private final String topic;
        private final Clock clock;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Map<String, String> lastAmount = new ConcurrentHashMap<>();
        private final Map<String, Long> sentPerKey = new ConcurrentHashMap<>();
        private Thread thread;

        Producer(String topic, Clock clock) {
            this.topic = topic;
            this.clock = clock;
        }

        void start() {
            thread = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    String user = "u" + (i % KEYS);
                    String amount = i + ".25";
                    Instant time = clock.instant();
                    EmbeddedKafka.send(topic, i % 2, user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                            + ",\"is_remote\":false,\"timestamp\":\"" + time + "\"}", time);
                    lastAmount.put(user, amount);
                    sentPerKey.merge(user, 1L, Long::sum);
                    sent.incrementAndGet();
                    i++;
                    try {
                        Thread.sleep(50); // the pace of the events, 20 a second: not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "outage-producer");
            thread.start();
        }

        int sent() {
            return sent.get();
        }

        boolean oracleHolds(OnlineFeatureClient features, String latest, String counts) {
            for (String user : sentPerKey.keySet()) {
                Optional<FeatureVector> row = features.get(latest, EntityKey.of(user));
                if (row.isEmpty() || row.get().feature("amount").asDouble() != Double.parseDouble(
                        lastAmount.get(user))) {
                    return false;
                }
                Optional<FeatureVector> count = features.get(counts, EntityKey.of(user));
                if (count.isEmpty() || count.get().feature("count_amount_1d").asLong() != sentPerKey.get(user)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join();
            }
        }
    }
}
