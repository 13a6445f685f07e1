package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisServerProcess;
import dev.freshet.testsupport.SharedSpark;
import dev.freshet.testsupport.TestCertificates;
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
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Redis over TLS, for real: a redis-server serving TLS with a certificate from a throwaway CA and requiring client
 * certificates, and an application whose {@code spring.data.redis.ssl.bundle} trusts that CA and holds a client
 * certificate. The online job's writers (Spark tasks, which get the bundle's material by serialization) and the
 * online client connect through it; without the bundle's trust store the handshake fails, saying what to check.
 */
class RedisTlsIT {

    private static final String PASSWORD = "tls-" + UUID.randomUUID();

    @TempDir
    static Path certificates;

    private static TestCertificates ca;
    private static TestCertificates.Issued client;
    private static RedisServerProcess redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedisWithTls() {
        ca = TestCertificates.create(certificates);
        TestCertificates.Issued server = ca.issue("redis", "IP:127.0.0.1", "DNS:localhost");
        client = ca.issue("freshet-client");
        redis = RedisServerProcess.builder()
                .option("requirepass", PASSWORD)
                .tls(server.certificate(), server.privateKey(), ca.caCertificate(), true)
                .start();
        SharedSpark.session();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private ApplicationContextRunner application(FeatureSetSpec spec) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SslAutoConfiguration.class,
                        DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.tlsPort(),
                        "spring.data.redis.password=" + PASSWORD, "spring.data.redis.ssl.enabled=true",
                        "freshet.offline.enabled=false", "freshet.redis.key-prefix=tls",
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"));
    }

    @Test
    void theOnlineJobAndTheClientConnectThroughTheSslBundle() {
        String topic = "tls-" + UUID.randomUUID();
        FeatureSetSpec spec = aFeatureSet().name("tls-it").topic(topic).trigger(Duration.ofMillis(500)).build();
        EmbeddedKafka.createTopic(topic, 1);
        Instant event = Instant.parse("2026-01-01T00:00:01Z");
        EmbeddedKafka.send(topic, 0, "u1", "{\"user_id\":\"u1\",\"amount\":42.0,\"is_remote\":false,"
                + "\"timestamp\":\"" + event + "\"}", event);

        application(spec).withPropertyValues("spring.data.redis.ssl.bundle=redis",
                "spring.ssl.bundle.pem.redis.truststore.certificate=" + ca.caCertificate().toUri(),
                "spring.ssl.bundle.pem.redis.keystore.certificate=" + client.certificate().toUri(),
                "spring.ssl.bundle.pem.redis.keystore.private-key=" + client.privateKey().toUri())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisEndpoint endpoint = context.getBean(RedisEndpoint.class);
                    assertThat(endpoint.ssl()).isTrue();
                    assertThat(endpoint.port()).as("only the TLS port is known to the application")
                            .isEqualTo(redis.tlsPort());
                    OnlineFeatureClient features = context.getBean(OnlineFeatureClient.class);
                    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                            .until(() -> features.get("tls-it", EntityKey.of("u1")).isPresent());
                    assertThat(features.get("tls-it", EntityKey.of("u1")).orElseThrow().feature("amount").asDouble())
                            .isEqualTo(42.0);
                });
    }

    @Test
    void withTheJvmsDefaultTrustTheHandshakeFailsSayingWhatToCheck() {
        FeatureSetSpec spec = aFeatureSet().name("tls-untrusted").topic("tls-untrusted").build();

        application(spec).withPropertyValues("freshet.online.enabled=false").run(context -> {
            Throwable failure = catchThrowable(() -> context.getBean(OnlineFeatureClient.class)
                    .get("tls-untrusted", EntityKey.of("u1")));
            assertThat(failure).isInstanceOf(FreshetException.class)
                    .hasMessageStartingWith("Redis at 127.0.0.1:" + redis.tlsPort() + "/0: the TLS handshake failed (")
                    .hasMessageEndingWith("); check that Redis serves TLS on that port, that its certificate names the"
                            + " host \"127.0.0.1\", and that spring.data.redis.ssl.bundle trusts the CA that signed it");
        });
    }
}
