package dev.freshet.samples.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.FreshetEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as a user runs it — embedded broker, generator, Spark, real Redis — checked the way a user would look:
 * features over HTTP within a minute, and dead letters with reasons. The processor ran in this module's own Maven
 * build, so this also proves the generated spec and index work.
 */
class SampleApplicationIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String PREFIX = "freshet-sample-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static ConfigurableApplicationContext app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path checkpoints = Files.createTempDirectory("freshet-sample-it");
        Path offline = Files.createTempDirectory("freshet-sample-it-offline");
        Path history = Files.createTempDirectory("freshet-sample-it-history");
        app = SpringApplication.run(SampleApplication.class,
                "--server.port=0",
                "--freshet.checkpoint-root=" + checkpoints,
                "--freshet.offline.root=" + offline,
                "--freshet.dev.embedded-kafka.port=0",
                "--freshet.dev.embedded-kafka.log-dir=" + checkpoints.resolve("dev-kafka"),
                // Offline runs on demand only: scheduled ones would compete for the test machine's two cores.
                "--freshet.offline.catch-up-on-start=false",
                "--freshet.feature-sets.user-last-transaction.offline-schedule=0 0 1 1 *",
                "--freshet.feature-sets.user-transaction-aggregates.offline-schedule=0 0 1 1 *",
                "--freshet.feature-sets.login-attempts.offline-schedule=0 0 1 1 *",
                "--freshet.feature-sets.user-risk.offline-schedule=0 0 1 1 *",
                "--freshet.feature-sets.user-risk-alert.offline-schedule=0 0 1 1 *",
                "--freshet.redis.key-prefix=" + PREFIX,
                "--freshet.spark.master=local[2]",
                "--sample.generator.rate=100",
                "--sample.generator.users=5",
                "--sample.generator.malformed-every=10",
                "--sample.history.dir=" + history,
                "--sample.history.events=2000");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            try (var redis = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379").connect()) {
                var keys = redis.sync().keys(PREFIX + ":*");
                if (!keys.isEmpty()) {
                    redis.sync().del(keys.toArray(String[]::new));
                }
            }
            app.close();
        }
    }

    @Test
    void theProcessorGeneratedTheSpecOfTheAnnotatedFeatureSet() {
        FeatureSetCatalog catalog = app.getBean(FeatureSetCatalog.class);
        assertThat(catalog.names()).containsExactlyInAnyOrder("user-last-transaction", "user-transaction-aggregates",
                "login-attempts", "user-risk", "user-risk-alert");
        assertThat(catalog.get("user-risk").sinks()).extracting(s -> s.name() + " -> " + s.topic())
                .containsExactly("risk-updates -> user-risk-updates");
        assertThat(catalog.get("user-risk-alert").source().topics()).containsExactly("user-risk-updates");
        assertThat(catalog.get("user-transaction-aggregates").featureColumns()).hasSize(15);
        assertThat(catalog.get("login-attempts").featureColumns()).extracting(c -> c.name() + ":" + c.type())
                .startsWith("failed_attempts_1s:LONG", "failed_attempts_5s:LONG", "failed_attempts_10s:LONG",
                        "failed_attempts_15s:LONG", "attempts_1s:LONG");
        assertThat(catalog.get("user-last-transaction").featureColumns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("last_amount:DOUBLE", "last_is_remote:BOOLEAN", "last_merchant_category:STRING",
                        "last_merchant_group:STRING", "last_is_large:BOOLEAN");
        assertThat(catalog.get("user-risk").record()).as("the typed record transform").isPresent();
        assertThat(catalog.get("user-risk").featureColumns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactlyInAnyOrder("sum_risk_1h:DOUBLE", "max_risk_1h:DOUBLE", "sum_risk_1d:DOUBLE",
                        "max_risk_1d:DOUBLE");
    }

    @Test
    void servesFeaturesOverHttpWithinAMinute() {
        String body = eventually(() -> get("/features/user-last-transaction/user-1"), b -> b.contains("last_amount"));
        assertThat(body).contains("\"featureSet\":\"user-last-transaction\"", "\"key\":\"user-1\"", "\"eventTime\"",
                "\"last_is_remote\"", "\"last_merchant_category\"");
        assertThat(body).as("merchant_group, a Java SQL function, ran on the category")
                .containsAnyOf("\"last_merchant_group\":\"essentials\"", "\"last_merchant_group\":\"leisure\"",
                        "\"last_merchant_group\":\"goods\"");
        assertThat(get("/features/user-last-transaction/nobody")).contains("has no features for key");
        assertThat(get("/features/no-such-set/user-1")).contains("no feature set is called \\\"no-such-set\\\"");
    }

    @Test
    void readsFeaturesOfThreeSetsThroughTheGeneratedTypedHandles() {
        String body = eventually(() -> get("/fraud-signals/user-2"), b -> !b.contains("null"));
        assertThat(body).contains("\"user\":\"user-2\"", "\"lastAmount\":", "\"averageAmountLastHour\":",
                "\"failedLoginsLast15s\":");
    }

    @Test
    void servesWindowedAggregatesOverHttp() {
        String transactions = eventually(() -> get("/features/user-transaction-aggregates/user-1"),
                b -> b.contains("\"avg_amount_1m\""));
        assertThat(transactions).contains("\"sum_amount_7d\"", "\"had_remote_transaction_1h\"");
        String logins = eventually(() -> get("/features/login-attempts/user-3"), b -> b.contains("failed_attempts"));
        assertThat(logins).contains("\"failed_attempts_15s\"", "\"attempts_1s\"", "\"failure_ratio_10s\"");
    }

    @Test
    void backfilledTheAggregatesFromTheGeneratedHistoryBeforeTheirOnlineJobStarted() {
        FreshetEngine engine = app.getBean(FreshetEngine.class);
        assertThat(engine.backfillPending("user-transaction-aggregates")).isFalse();
        // Point-in-time, inside the history's week: features from the backfilled events alone.
        String training = get("/training-sample/user-transaction-aggregates?at=2026-11-30T12:00:00Z");
        assertThat(training).contains("\"label_time\":\"2026-11-30T12:00:00Z\"", "\"user_id\":\"user-");
        assertThat(training).containsPattern("\"sum_amount_1d\":[1-9]");
        assertThat(app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("freshet.backfill.progress").tag("feature.set", "user-transaction-aggregates").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void chainsTwoFeatureSetsThroughASinkTopic() {
        // user-risk's online job sends each changed user's vector to user-risk-updates, which user-risk-alert reads.
        String alert = eventually(() -> get("/features/user-risk-alert/user-2"), b -> b.contains("\"risk_1h\""));
        assertThat(alert).contains("\"featureSet\":\"user-risk-alert\"", "\"alert\":");
        assertThat(alert).doesNotContain("\"risk_1h\":null");
    }

    @Test
    void servesRiskScoresATypedRecordTransformComputed() {
        String risk = eventually(() -> get("/features/user-risk/user-2"), b -> b.contains("\"sum_risk_1h\""));
        assertThat(risk).contains("\"max_risk_1h\"", "\"sum_risk_1d\"", "\"max_risk_1d\"");
    }

    @Test
    void buildsTrainingDataThatAgreesWithWhatWasServed() {
        eventually(() -> get("/features/user-transaction-aggregates/user-1"), b -> b.contains("avg_amount_1m"));
        eventually(() -> get("/features/login-attempts/user-1"), b -> b.contains("attempts_1s"));
        // While events keep coming, as a user would look: the aggregates of every sampled key are compared, those
        // with records the offline run had not read yet just before the first of them.
        for (String featureSet : List.of("user-transaction-aggregates", "login-attempts", "user-risk")) {
            String run = eventually(() -> post("/offline-runs/" + featureSet), b -> b.contains("\"written\""));
            assertThat(run).contains("\"table\"").doesNotContain("\"written\":0,");
            assertThat(get("/consistency/" + featureSet)).as(featureSet)
                    .contains("\"matchRatio\":1.0", "\"examples\":[]", "\"keysCompared\":5")
                    .doesNotContain("\"compared\":0");
        }

        // Once the generators pause, the row-level set's newest values are in both stores too.
        app.getBean(TransactionGenerator.class).stop();
        app.getBean(LoginGenerator.class).stop();
        try {
            for (String featureSet : List.of("user-last-transaction", "user-transaction-aggregates",
                    "login-attempts", "user-risk")) {
                eventually(() -> post("/offline-runs/" + featureSet), b -> b.contains("\"written\""));
                assertThat(get("/consistency/" + featureSet)).as(featureSet)
                        .contains("\"matchRatio\":1.0", "\"examples\":[]", "\"keysCompared\":5",
                                "\"skipped\":{}")
                        .doesNotContain("\"compared\":0");
            }
        } finally {
            app.getBean(TransactionGenerator.class).start();
            app.getBean(LoginGenerator.class).start();
        }

        String training = get("/training-sample/user-last-transaction?at=" + Instant.now());
        assertThat(training).contains("\"label_time\"", "\"last_amount\"", "\"user_id\":\"user-");
    }

    @Test
    void healthSaysTheJobsRunAndPrometheusScrapesFreshetsMeters() throws Exception {
        String body = eventually(() -> get("/actuator/health"), b -> b.contains("\"freshet\"")
                && b.contains("\"state\":\"RUNNING\""));
        JsonNode freshet = new ObjectMapper().readTree(body).at("/components/freshet");
        assertThat(freshet.at("/status").asText()).isEqualTo("UP");
        assertThat(freshet.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(freshet.at("/components/redis/status").asText()).isEqualTo("UP");
        for (String featureSet : List.of("user-last-transaction", "user-transaction-aggregates", "login-attempts",
                "user-risk", "user-risk-alert")) {
            assertThat(freshet.at("/components/jobs/components/" + featureSet + "/details/state").asText())
                    .as(featureSet).isEqualTo("RUNNING");
            assertThat(freshet.at("/components/freshness/components/" + featureSet + "/status").asText())
                    .as(featureSet).isIn("UP", "UNKNOWN");
        }
        assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        String scrape = eventually(() -> get("/actuator/prometheus"), b -> b.contains("freshet_freshness_seconds"));
        assertThat(scrape).contains("freshet_records_written_total{", "freshet_job_up{",
                "freshet_source_records_behind{", "freshet_checkpoint_records_written_total{");
    }

    @Test
    void theFreshetEndpointAndTheCatalogPageListTheFeatureSetsWithTheirJobs() throws Exception {
        String body = eventually(() -> get("/actuator/freshet/user-transaction-aggregates"),
                b -> b.contains("\"state\":\"RUNNING\""));
        JsonNode aggregates = new ObjectMapper().readTree(body);
        assertThat(aggregates.at("/catalog/metadata/tags").toString()).isEqualTo("[\"payments\",\"fraud\"]");
        assertThat(aggregates.at("/catalog/features")).hasSize(15);
        assertThat(aggregates.at("/online/state").asText()).isEqualTo("RUNNING");
        assertThat(aggregates.at("/backfill/pending").asBoolean()).as("it ran before the online job").isFalse();
        JsonNode all = new ObjectMapper().readTree(get("/actuator/freshet"));
        assertThat(all.at("/featureSets")).extracting(n -> n.get("name").asText()).containsExactly("login-attempts",
                "user-last-transaction", "user-risk", "user-risk-alert", "user-transaction-aggregates");
        assertThat(get("/freshet/")).contains("<title>Freshet catalog</title>", "catalog.js");
        assertThat(get("/freshet/feature-sets.json")).contains("\"name\":\"user-risk-alert\"");
    }

    @Test
    void deadLettersMalformedEventsWithReasons() {
        String body = eventually(() -> get("/dead-letters/user-last-transaction"),
                b -> b.contains("MALFORMED_RECORD") && b.contains("TYPE_MISMATCH") && b.contains("MISSING_KEY"));
        assertThat(body).contains("member \\\"amount\\\": expected a number, got the string \\\"twelve\\\"");
    }

    private static String get(String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String post(String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String eventually(Supplier<String> call, Predicate<String> done) {
        return Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(call::get, done::test);
    }
}
