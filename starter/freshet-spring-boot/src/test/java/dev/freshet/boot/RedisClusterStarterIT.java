package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisClusterProcess;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application whose {@code spring.data.redis.cluster.nodes} name a real three-node Redis Cluster (with a password):
 * the endpoint bean is a cluster endpoint of those nodes that never shows the password, the online job's writers on
 * Spark tasks write to the cluster, and the online client and the run coordinator work on it.
 */
class RedisClusterStarterIT {

    private static final String PASSWORD = "cluster-" + UUID.randomUUID();

    private static RedisClusterProcess cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.startWithPassword(PASSWORD);
        SharedSpark.session();
    }

    @AfterAll
    static void stopCluster() {
        try {
            ExecutorClients.closeUnleasedEverywhere();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void theClusterNodesMakeEveryPartOfFreshetUseTheCluster() {
        String topic = "cluster-" + UUID.randomUUID();
        FeatureSetSpec spec = aFeatureSet().name("cluster-starter").topic(topic).trigger(Duration.ofMillis(500))
                .build();
        EmbeddedKafka.createTopic(topic, 1);
        Instant event = Instant.parse("2026-01-01T00:00:01Z");
        for (int i = 0; i < 10; i++) {
            EmbeddedKafka.send(topic, 0, "u" + i, "{\"user_id\":\"u" + i + "\",\"amount\":" + i + ".5,"
                    + "\"is_remote\":false,\"timestamp\":\"" + event + "\"}", event);
        }

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                        DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
                        "spring.data.redis.cluster.max-redirects=3", "spring.data.redis.password=" + PASSWORD,
                        "freshet.offline.enabled=false", "freshet.redis.key-prefix=cluster-" + UUID.randomUUID(),
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisEndpoint endpoint = context.getBean(RedisEndpoint.class);
                    assertThat(endpoint.isCluster()).isTrue();
                    assertThat(endpoint.clusterNodes()).extracting(RedisEndpoint.Node::toString)
                            .containsExactlyElementsOf(cluster.nodes());
                    assertThat(endpoint.maxRedirects()).isEqualTo(3);
                    assertThat(endpoint.toString()).doesNotContain(PASSWORD).contains("(cluster)", "password set");

                    OnlineFeatureClient features = context.getBean(OnlineFeatureClient.class);
                    List<EntityKey> keys = java.util.stream.IntStream.range(0, 10)
                            .mapToObj(i -> EntityKey.of("u" + i)).toList();
                    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                            .until(() -> features.getAll("cluster-starter", keys).size() == 10);
                    assertThat(features.get("cluster-starter", EntityKey.of("u7")).orElseThrow().feature("amount")
                            .asDouble()).isEqualTo(7.5);

                    RunCoordinator coordinator = context.getBean(RunCoordinator.class);
                    assertThat(coordinator.tryAcquire("cluster-run", "me", Duration.ofMinutes(1))).isTrue();
                    assertThat(coordinator.holder("cluster-run")).contains("me");
                    coordinator.release("cluster-run", "me");
                    assertThat(coordinator.holder("cluster-run")).isEmpty();
                });
    }
}
