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
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.schedule.CronSchedule;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisTls;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.redis.TileStoreWriter;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.consistency.ConsistencyChecker;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import dev.freshet.testsupport.TestCertificates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which beans Freshet's auto-configuration creates, under which properties, and that the application's own beans
 * win. Spark is the JVM's shared session (the auto-configuration reuses a running session and leaves it running). The
 * test that the online jobs start by default runs one against the JVM's embedded broker and the real Redis; the others
 * switch the jobs off (see {@code FreshetStarterIT} for a whole application).
 */
class FreshetAutoConfigurationIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    FreshetAutoConfiguration.class))
            .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(aFeatureSet().build())))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:19092", "freshet.offline.enabled=false");

    @BeforeAll
    static void sharedSpark() {
        SharedSpark.session();
    }

    @TempDir
    Path dir;

    @Test
    void createsEveryBean() {
        // The one feature set's jobs are switched off, so that the lifecycles start without a broker.
        runner.withPropertyValues("freshet.offline.enabled=true",
                "freshet.feature-sets.user-transactions.online-enabled=false",
                "freshet.feature-sets.user-transactions.offline-enabled=false").run(context -> {
            assertThat(context).hasSingleBean(SparkSession.class).hasSingleBean(KafkaConnection.class)
                    .hasSingleBean(RedisEndpoint.class).hasSingleBean(OnlineStoreLayout.class)
                    .hasSingleBean(OnlineFeatureClient.class).hasSingleBean(FreshetEngine.class)
                    .hasSingleBean(OnlineIngestionLifecycle.class).hasSingleBean(OfflineIngestionScheduler.class)
                    .hasSingleBean(HistoricalFeatures.class).hasSingleBean(ConsistencyChecker.class)
                    .hasSingleBean(RunCoordinator.class);
            assertThat(context.getBean(SparkSession.class)).isSameAs(SharedSpark.session());
        });
    }

    @Test
    void startsTheOnlineJobsByDefault() {
        String topic = "autoconfig-" + UUID.randomUUID();
        FeatureSetSpec spec = aFeatureSet().name("autoconfig-it").topic(topic).trigger(Duration.ofMillis(200)).build();
        EmbeddedKafka.createTopic(topic, 1);
        EmbeddedKafka.send(topic, 0, "u7", "{\"user_id\":\"u7\",\"amount\":7.5,\"is_remote\":false,"
                + "\"timestamp\":\"2026-01-01T00:00:07Z\"}", Instant.parse("2026-01-01T00:00:07Z"));

        try (RedisNamespace redis = RedisNamespace.create()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                    .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                            "freshet.offline.enabled=false", "freshet.redis.key-prefix=" + redis.prefix(),
                            "freshet.checkpoint-root=" + dir.resolve("checkpoints"))
                    .run(context -> {
                        OnlineFeatureClient features = context.getBean(OnlineFeatureClient.class);
                        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                                .until(() -> features.get("autoconfig-it", EntityKey.of("u7")).isPresent());
                        assertThat(features.get("autoconfig-it", EntityKey.of("u7")).orElseThrow().feature("amount")
                                .asDouble()).isEqualTo(7.5);
                    });
        }
    }

    @Test
    void theOnlineClientReadsAggregatesAtTheApplicationsClock() {
        FeatureSetSpec spec = aFeatureSet().name("autoconfig-sums")
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(5),
                        Duration.ofMinutes(1))
                .build();
        Instant event = Instant.parse("2026-03-01T00:00:10Z");
        try (RedisNamespace redis = RedisNamespace.create()) {
            writeTile(redis, spec, "u1", event, 4.0);
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                            DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class))
                    .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                    .withBean(Clock.class, () -> Clock.fixed(event.plusSeconds(20), ZoneOffset.UTC))
                    .withPropertyValues("freshet.online.enabled=false", "freshet.offline.enabled=false",
                            "freshet.redis.key-prefix=" + redis.prefix())
                    .run(context -> assertThat(context.getBean(OnlineFeatureClient.class)
                            .get("autoconfig-sums", EntityKey.of("u1")).orElseThrow().feature("sum_amount_1m")
                            .asDouble()).as("the 1m window at the clock's now, 20 s after the event").isEqualTo(4.0));
        }
    }

    @Test
    void keepsTheBeansButSchedulesNoJobWhenOnlineAndOfflineAreDisabled() {
        runner.withPropertyValues("freshet.online.enabled=false", "freshet.offline.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(FreshetEngine.class).doesNotHaveBean(OnlineIngestionLifecycle.class)
                    .doesNotHaveBean(OfflineIngestionScheduler.class).hasSingleBean(HistoricalFeatures.class);
        });
    }

    @Test
    void backsOffEntirelyWhenDisabled() {
        runner.withPropertyValues("freshet.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(FreshetEngine.class).doesNotHaveBean(OnlineFeatureClient.class)
                    .doesNotHaveBean(KafkaConnection.class).doesNotHaveBean(FreshetProperties.class);
        });
    }

    @Test
    void theDevelopmentBrokerWithoutItsModuleIsAStartupErrorNamingTheDependency() {
        runner.withPropertyValues("freshet.online.enabled=false", "freshet.dev.embedded-kafka.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause()
                        .hasMessageContaining("freshet.dev.embedded-kafka.enabled is true")
                        .hasMessageContaining("add the dependency dev.freshet:freshet-dev-kafka"));
    }

    @Test
    void readsKafkaFromSpringKafkaPropertiesKeepingOnlyConnectionSettings() {
        runner.withPropertyValues("freshet.online.enabled=false", "spring.kafka.bootstrap-servers=k1:9092,k2:9092",
                "spring.kafka.security.protocol=SASL_SSL", "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-256",
                "spring.kafka.consumer.group-id=ignored").run(context -> {
                    KafkaConnection kafka = context.getBean(KafkaConnection.class);
                    assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
                    assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
                            .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                            .doesNotContainKeys("group.id", "key.deserializer", "value.deserializer");
                });
    }

    @Test
    void readsRedisFromSpringDataRedisProperties() {
        runner.withPropertyValues("freshet.online.enabled=false", "spring.data.redis.host=redis.example",
                "spring.data.redis.port=6390", "spring.data.redis.database=3", "spring.data.redis.password=s3cret",
                "freshet.redis.key-prefix=features").run(context -> {
                    RedisEndpoint redis = context.getBean(RedisEndpoint.class);
                    assertThat(redis.address()).isEqualTo("redis.example:6390/3");
                    assertThat(redis.password()).isEqualTo("s3cret");
                    assertThat(redis.toString()).doesNotContain("s3cret");
                    assertThat(context.getBean(OnlineStoreLayout.class).prefix()).isEqualTo("features");
                });
    }

    @Test
    void springDataRedisClusterNodesMakeAClusterEndpoint() {
        runner.withPropertyValues("freshet.online.enabled=false",
                "spring.data.redis.cluster.nodes=r1.example:7000,r2.example:7001",
                "spring.data.redis.cluster.max-redirects=2", "spring.data.redis.username=app",
                "spring.data.redis.password=s3cret", "spring.data.redis.timeout=3s").run(context -> {
                    RedisEndpoint redis = context.getBean(RedisEndpoint.class);
                    assertThat(redis).isEqualTo(RedisEndpoint.cluster(List.of(new RedisEndpoint.Node("r1.example",
                            7000), new RedisEndpoint.Node("r2.example", 7001)), "app", "s3cret", false,
                            Duration.ofSeconds(3)).withMaxRedirects(2));
                    assertThat(redis.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void aSentinelIsRefusedSayingWhatWorks() {
        runner.withPropertyValues("freshet.online.enabled=false", "spring.data.redis.sentinel.master=main",
                "spring.data.redis.sentinel.nodes=s1.example:26379").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("property"
                            + " spring.data.redis.sentinel/masterreplica = \"set\" is not supported by Freshet yet:"
                            + " point spring.data.redis.host/port at a standalone Redis, spring.data.redis.cluster.nodes"
                            + " at a Redis Cluster, or define a RedisEndpoint bean");
                });
    }

    @Test
    void readsRedisFromASpringDataRedisUrlAsSpringDataRedisDoes() {
        runner.withPropertyValues("freshet.online.enabled=false",
                "spring.data.redis.url=redis://app:s3cret@redis.example:6391/4", "spring.data.redis.timeout=3s")
                .run(context -> {
                    RedisEndpoint redis = context.getBean(RedisEndpoint.class);
                    assertThat(redis).isEqualTo(new RedisEndpoint("redis.example", 6391, 4, "app", "s3cret", false,
                            Duration.ofSeconds(3)));
                    assertThat(redis.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void aRedissUrlConnectsWithTlsAndTheJvmsTrustStore() {
        runner.withPropertyValues("freshet.online.enabled=false", "spring.data.redis.url=rediss://redis.example:6380")
                .run(context -> {
                    RedisEndpoint redis = context.getBean(RedisEndpoint.class);
                    assertThat(redis.ssl()).isTrue();
                    assertThat(redis.tls().isJvmDefaults()).isTrue();
                    assertThat(redis.toRedisUri().isSsl()).isTrue();
                });
    }

    @Test
    void sslEnabledWithoutABundleUsesTheJvmsTrustStore() {
        runner.withPropertyValues("freshet.online.enabled=false", "spring.data.redis.ssl.enabled=true").run(context -> {
            RedisEndpoint redis = context.getBean(RedisEndpoint.class);
            assertThat(redis.ssl()).isTrue();
            assertThat(redis.tls().isJvmDefaults()).isTrue();
        });
    }

    @Test
    void anSslBundleGivesTheEndpointItsTrustClientKeyAndProtocols() {
        TestCertificates ca = TestCertificates.create(dir);
        TestCertificates.Issued client = ca.issue("freshet-client");
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("freshet.online.enabled=false", "spring.data.redis.ssl.enabled=true",
                        "spring.data.redis.ssl.bundle=redis",
                        "spring.ssl.bundle.pem.redis.truststore.certificate=" + ca.caCertificate().toUri(),
                        "spring.ssl.bundle.pem.redis.keystore.certificate=" + client.certificate().toUri(),
                        "spring.ssl.bundle.pem.redis.keystore.private-key=" + client.privateKey().toUri(),
                        "spring.ssl.bundle.pem.redis.options.enabled-protocols=TLSv1.3")
                .run(context -> {
                    RedisTls tls = context.getBean(RedisEndpoint.class).tls();
                    assertThat(tls.trustedCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                            .containsExactly("CN=freshet-test-ca");
                    assertThat(tls.hasClientKey()).isTrue();
                    assertThat(tls.toString()).contains("client certificate CN=freshet-client",
                            "protocols [TLSv1.3]");
                });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        RedisEndpoint mine = new RedisEndpoint("mine", 7000, 0, null, null, false, Duration.ofSeconds(1));
        runner.withPropertyValues("freshet.online.enabled=false")
                .withUserConfiguration(OwnBeans.class)
                .withBean(RedisEndpoint.class, () -> mine)
                .run(context -> {
                    assertThat(context.getBean(RedisEndpoint.class)).isSameAs(mine);
                    assertThat(context.getBean(KafkaConnection.class).bootstrapServers()).isEqualTo("mine:9092");
                    assertThat(context.getBean(OnlineFeatureClient.class)).isInstanceOf(NoFeatures.class);
                });
    }

    @Test
    void appliesPerFeatureSetOverridesToTheOnlineJobSettings() {
        runner.withPropertyValues("freshet.feature-sets.user-transactions.online-trigger=750ms",
                "freshet.feature-sets.user-transactions.online-ttl=2d", "freshet.online.max-offsets-per-trigger=500",
                "freshet.feature-sets.user-transactions.online-enabled=false")
                .run(context -> {
                    OnlineIngestionLifecycle lifecycle = context.getBean(OnlineIngestionLifecycle.class);
                    FeatureSetCatalog catalog = context.getBean(FeatureSetCatalog.class);
                    OnlineJobSettings settings = lifecycle.settings(catalog.get("user-transactions"));
                    assertThat(settings).isEqualTo(new OnlineJobSettings(Duration.ofMillis(750), 500,
                            Duration.ofDays(2), OnlineJobSettings.RunMode.CONTINUOUS));
                });
    }

    @Test
    void anOnlineTtlThatIsNoWholeNumberOfSecondsFailsStartupWithTheFix() {
        runner.withPropertyValues("freshet.feature-sets.user-transactions.online-ttl=1500ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage("feature set \"user-transactions\":"
                    + " property freshet.feature-sets.user-transactions.online-ttl = \"PT1.5S\" is not a whole number"
                    + " of seconds (Redis expires keys in whole seconds); use a duration such as 90s or 7d");
        });
    }

    @Test
    void aLeaseTtlThatIsNotPositiveFailsStartupWithTheFix() {
        runner.withPropertyValues("freshet.offline.enabled=true", "freshet.offline.lease-ttl=0s",
                "freshet.feature-sets.user-transactions.online-enabled=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("property freshet.offline.lease-ttl"
                            + " = \"PT0S\" is not positive; use a duration such as 10m (a run renews its lease every"
                            + " third of it)");
                });
    }

    @Test
    void aBadOfflineScheduleFailsStartupNamingTheFieldOnce() {
        runner.withPropertyValues("freshet.offline.enabled=true",
                "freshet.feature-sets.user-transactions.offline-schedule=61 * * * *",
                "freshet.feature-sets.user-transactions.online-enabled=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("feature set \"user-transactions\":"
                            + " property freshet.feature-sets.user-transactions.offline-schedule = \"61 * * * *\" "
                            + CronSchedule.problem("61 * * * *").orElseThrow() + ": write five fields (minute hour"
                            + " day-of-month month day-of-week), such as \"*/30 * * * *\"");
                    assertThat(context.getStartupFailure().getMessage()).doesNotContain("\"61 * * * *\" \"61");
                });
    }

    @Test
    void aMisspeltFeatureSetInTheOnlineListFailsStartupWithASuggestion() {
        runner.withPropertyValues("freshet.online.feature-sets=user-transaction").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("no feature set is called \"user-transaction\"; did you mean"
                            + " \"user-transactions\"?");
        });
    }

    @Test
    void resolvesSecretsFromTheEnvironmentThenFromTheSecretsDirectory() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("kafka-password"), "from-a-file\n");
        java.nio.file.Files.writeString(dir.resolve("kafka-user"), "file-user");
        runner.withPropertyValues("freshet.online.enabled=false", "freshet.secrets.directory=" + dir,
                "kafka-user=property-user").run(context -> {
            dev.freshet.core.secret.SecretResolver secrets = context.getBean(dev.freshet.core.secret.SecretResolver.class);
            assertThat(secrets.require("kafka-user").value()).as("the Environment first").isEqualTo("property-user");
            assertThat(secrets.require("kafka-password").value()).as("then the file, without its line break")
                    .isEqualTo("from-a-file");
            assertThatThrownBy(() -> secrets.require("kafka-token"))
                    .hasMessageContaining("secret \"kafka-token\" is not defined: looked in the Spring Environment")
                    .hasMessageContaining("then files in " + dir);
        });
    }

    @Test
    void aNamedKafkaConnectionNeedsBootstrapServers() {
        runner.withPropertyValues("freshet.online.enabled=false",
                "freshet.kafka.connections.audit.properties.client.dns.lookup=use_all_dns_ips").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("freshet.kafka.connections.audit.bootstrap-servers");
        });
    }

    @Test
    void publishesConfigurationMetadataForItsProperties() throws Exception {
        String metadata = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metadata).contains("\"freshet.checkpoint-root\"", "\"freshet.online.enabled\"",
                "\"freshet.dead-letter.topic-pattern\"", "\"freshet.spark.master\"", "\"freshet.redis.key-prefix\"",
                "\"freshet.feature-sets\"", "\"freshet.offline.root\"", "\"freshet.offline.time-zone\"",
                "\"freshet.kafka.create-missing-source-topics\"", "\"freshet.kafka.source-topic-partitions\"",
                "\"freshet.kafka.connections\"", "\"freshet.secrets.directory\"", "\"freshet.cluster-templates\"");
    }

    /** Writes the tile of one event as the aggregation job would. */
    private static void writeTile(RedisNamespace redis, FeatureSetSpec spec, String user, Instant event,
            double amount) {
        TiledAggregation model = TiledAggregation.of(spec);
        KeyTiles tiles = KeyTiles.empty(model.plan(), model.layout());
        Object[] inputs = new Object[model.layout().inputColumns().size()];
        Arrays.fill(inputs, amount);
        assertThat(tiles.offer(0, event.toEpochMilli(), event.toEpochMilli(), inputs, model.policy()))
                .isEqualTo(EventTimePolicy.Decision.ACCEPT);
        Map<String, byte[]> fields = new LinkedHashMap<>();
        tiles.changedTiles().forEach((tile, state) -> fields.put(model.plan().fieldName(tile), TileCodec.encode(state)));
        TileStoreWriter.forFeatureSet(RedisEndpoint.localhost(), new OnlineStoreLayout(redis.prefix()), spec.name(),
                model.fingerprint(), Duration.ZERO)
                .write(List.of(new TileWrite(List.of(user), tiles.newest(), fields, List.of())).iterator());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        KafkaConnection kafkaConnection() {
            return KafkaConnection.of("mine:9092");
        }

        @Bean
        OnlineFeatureClient onlineFeatureClient() {
            return new NoFeatures();
        }
    }

    static final class NoFeatures implements OnlineFeatureClient {
        @Override
        public Optional<FeatureVector> get(String featureSet, EntityKey key) {
            return Optional.empty();
        }

        @Override
        public Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys) {
            return Map.of();
        }
    }
}
