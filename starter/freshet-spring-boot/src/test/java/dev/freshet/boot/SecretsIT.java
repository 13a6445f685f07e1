package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.store.TileWriter;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisServerProcess;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secrets never leave the application: a whole run against a Redis that requires a password (an ACL user of its own),
 * with Actuator endpoints exposed and showing values, captures everything the run puts out (see {@link RunOutput}) and
 * finds the password nowhere in it. The run: the online jobs of a row-level and an aggregated feature set write, the
 * online client reads back, an offline run takes its lease in Redis and writes Delta; then the Actuator's env,
 * configprops and health are read, the queries' plans and progress printed, and calls fail on purpose: a client with
 * a wrong password, reads and a run while Redis is down, and an online job whose writes Redis refuses.
 *
 * <p>{@link KafkaSecretsIT} does the same for the Kafka credentials of sources and sinks.
 */
class SecretsIT {

    private static final String USER = "freshet-app";
    private static final Instant EVENT = Instant.parse("2026-01-01T00:00:01Z");

    private final String password = RunOutput.randomSecret("app");
    private final String adminPassword = RunOutput.randomSecret("admin");
    private final String wrongPassword = RunOutput.randomSecret("wrong");
    private final String control = RunOutput.randomSecret("control");
    private final List<String> secrets = List.of(password, adminPassword, wrongPassword);

    @TempDir
    Path dir;

    @Test
    void theRedisPasswordAppearsInNoOutputOfARun() throws Exception {
        String topic = "secrets-" + UUID.randomUUID();
        EmbeddedKafka.createTopic(topic, 1);
        EmbeddedKafka.send(topic, 0, "u1", "{\"user_id\":\"u1\",\"amount\":12.5,\"is_remote\":true,"
                + "\"timestamp\":\"" + EVENT + "\"}", EVENT);
        FeatureSetSpec rows = aFeatureSet().name("secrets-rows").topic(topic).trigger(Duration.ofMillis(500)).build();
        FeatureSetSpec tiles = aFeatureSet().name("secrets-tiles").topic(topic).trigger(Duration.ofMillis(500))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(5),
                        Duration.ofMinutes(1))
                .build();
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(rows, tiles));
        SparkSession spark = SharedSpark.session();
        // The shared SparkSession has set the JVM's URL stream handler factory (Hadoop's), which Tomcat cannot then
        // set; in an application Tomcat starts before Freshet's SparkSession bean, and this does not arise.
        TomcatURLStreamHandlerFactory.disable();

        RunOutput output = RunOutput.start(spark);
        try (output; RedisServerProcess redis = RedisServerProcess.builder()
                .option("requirepass", adminPassword)
                .option("user", USER, "on", ">" + password, "~*", "&*", "+@all")
                .start()) {
            LoggerFactory.getLogger(SecretsIT.class).info("control marker {}", control);
            // The aggregated window is read 20 s after the event; the schedules below never come due.
            Clock clock = Clock.fixed(EVENT.plusSeconds(20), ZoneOffset.UTC);
            try (ConfigurableApplicationContext app = SecretsApplication.run(output, catalog, clock, List.of(
                    "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
                    "--spring.data.redis.username=" + USER, "--spring.data.redis.password=" + password,
                    "--spring.data.redis.timeout=10s",
                    "--spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                    "--freshet.redis.key-prefix=secrets",
                    "--freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                    "--freshet.offline.root=" + dir.resolve("offline"),
                    "--freshet.offline.catch-up-on-start=false",
                    "--freshet.feature-sets.secrets-rows.offline-schedule=0 0 1 1 *",
                    "--freshet.feature-sets.secrets-tiles.offline-enabled=false"))) {
                String base = SecretsApplication.baseUrl(app);

                // Online jobs write through the ACL user; the client reads back through it.
                OnlineFeatureClient features = app.getBean(OnlineFeatureClient.class);
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> features.get("secrets-rows", EntityKey.of("u1")).isPresent()
                                && features.get("secrets-tiles", EntityKey.of("u1")).isPresent());
                assertThat(features.get("secrets-rows", EntityKey.of("u1")).orElseThrow().feature("amount")
                        .asDouble()).isEqualTo(12.5);
                assertThat(features.get("secrets-tiles", EntityKey.of("u1")).orElseThrow()
                        .feature("sum_amount_1m").asDouble()).isEqualTo(12.5);

                // An offline run: its lease and run record go through the ACL user too.
                OfflineIngestionScheduler scheduler = app.getBean(OfflineIngestionScheduler.class);
                Optional<OnDemandRun> run = scheduler.runNow("secrets-rows");
                assertThat(run).hasValueSatisfying(r -> assertThat(r.written()).isEqualTo(1));

                // The Actuator, showing values.
                String env = output.httpGet(base + "/actuator/env", 200);
                assertThat(env).as("values are shown: the user name is there, the password masked")
                        .contains("spring.data.redis.password", "\"" + USER + "\"", "******");
                output.httpGet(base + "/actuator/env/spring.data.redis.password", 200);
                String configprops = output.httpGet(base + "/actuator/configprops", 200);
                assertThat(configprops).contains("spring.data.redis", "\"" + USER + "\"", "freshet.redis");
                assertThat(output.httpGet(base + "/actuator/health", 200)).contains("\"redis\"", "UP");

                // The queries' plans and progress.
                output.addPlansAndProgress(app.getBean(OnlineIngestionLifecycle.class).jobs());

                // Failures on purpose: a wrong password,
                RedisEndpoint wrong = new RedisEndpoint(redis.host(), redis.port(), 0, USER, wrongPassword, false,
                        Duration.ofSeconds(5));
                try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(wrong,
                        new OnlineStoreLayout("secrets"), catalog)) {
                    Throwable refused = catchThrowable(() -> client.get("secrets-rows", EntityKey.of("u1")));
                    assertThat(refused).hasMessageContaining("refused Freshet's credentials (WRONGPASS");
                    output.add("a client with a wrong password", refused);
                }
                // Redis down,
                redis.stop();
                Throwable down = catchThrowable(() -> features.get("secrets-rows", EntityKey.of("u1")));
                assertThat(down).hasMessageContaining("did not answer");
                output.add("a read while Redis is down", down);
                Throwable noLease = catchThrowable(() -> scheduler.runNow("secrets-rows"));
                assertThat(noLease).isNotNull();
                output.add("an offline run while Redis is down", noLease);
                assertThat(output.httpGet(base + "/actuator/health", 503)).contains("DOWN");
                redis.start();
            }
            // And an online job whose start, then whose writes, Redis refuses (once the application's job has
            // stopped: same query name).
            RedisEndpoint right = new RedisEndpoint(redis.host(), redis.port(), 0, USER, password, false,
                    Duration.ofSeconds(5));
            RedisEndpoint wrong = new RedisEndpoint(redis.host(), redis.port(), 0, USER, wrongPassword, false,
                    Duration.ofSeconds(5));
            OnlineStoreLayout layout = new OnlineStoreLayout("secrets");
            output.add("an online job whose start Redis refuses", refusedStart(spark, catalog,
                    new RedisOnlineStore(wrong, layout)));
            output.add("an online job whose writes Redis refuses", failedJob(spark, catalog,
                    new RefusedWrites(new RedisOnlineStore(right, layout), new RedisOnlineStore(wrong, layout))));
        } finally {
            output.writeTo(Path.of("target", "secrets-it-output.txt"));
        }

        String everything = output.text();
        assertThat(everything).as("the capture saw the run")
                .contains("online job started", "DEBUG io.lettuce", "== Physical Plan ==", "\"batchId\"",
                        "WRONGPASS", "Redis at 127.0.0.1");
        assertThat(output.sparkLength()).isPositive();
        assertThat(output.occurrences(control)).as("the capture would find a string that was logged").isNotEmpty();
        for (String secret : secrets) {
            assertThat(output.occurrences(secret)).as("where a secret was found (see target/secrets-it-output.txt)")
                    .isEmpty();
        }
    }

    /** Starts an online job whose start-up check Redis refuses, and returns the failure of the start. */
    private Throwable refusedStart(SparkSession spark, FeatureSetCatalog catalog, OnlineStore store) {
        try (FreshetEngine engine = engine(spark, catalog, store)) {
            Throwable refused = catchThrowable(() -> engine.startOnline("secrets-rows"));
            assertThat(refused).hasMessageContaining("refused Freshet's credentials (WRONGPASS");
            return refused;
        }
    }

    /** Starts an online job whose writes Redis refuses, and returns its failure once it has failed. */
    private Throwable failedJob(SparkSession spark, FeatureSetCatalog catalog, OnlineStore store) {
        try (FreshetEngine engine = engine(spark, catalog, store)) {
            Job job = engine.startOnline("secrets-rows");
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !job.isActive());
            assertThat(job.failure()).hasValueSatisfying(f -> assertThat(f).hasStackTraceContaining("WRONGPASS"));
            return job.failure().orElseThrow();
        }
    }

    private FreshetEngine engine(SparkSession spark, FeatureSetCatalog catalog, OnlineStore store) {
        return FreshetEngine.builder().spark(spark).catalog(catalog)
                .kafka(KafkaConnection.of(EmbeddedKafka.bootstrapServers()))
                .onlineStore(store)
                .checkpointRoot(dir.resolve("refused-checkpoints").toString())
                .offlineRoot(dir.resolve("refused-offline").toString())
                .build();
    }

    /**
     * A store checked with the right credentials and written with wrong ones: the job passes its start-up check, and
     * Redis refuses its tasks' writes, so that their failure passes through Spark's task and query logs too.
     */
    private record RefusedWrites(RedisOnlineStore checked, RedisOnlineStore written) implements OnlineStore {
        @Override
        public EntityWriter entityWriter(FeatureSetSpec spec, Duration ttl) {
            return written.entityWriter(spec, ttl);
        }

        @Override
        public TileWriter tileWriter(FeatureSetSpec spec, TiledAggregation model, Duration ttl) {
            return written.tileWriter(spec, model, ttl);
        }

        @Override
        public void check(Duration timeout) {
            checked.check(timeout);
        }

        @Override
        public String describe(String featureSet) {
            return written.describe(featureSet);
        }
    }
}
