package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.SharedSpark;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The {@code freshet} Actuator endpoint (there only when exposed, and with the Actuator) and the catalog page (only
 * when enabled, in a servlet web application); the endpoint over HTTP, in a real web application on the JVM's embedded broker, real Redis
 * and the local SparkSession: every feature set and one with their catalog entries and job status, 404 for an unknown
 * one, write operations refused unless enabled, and, once enabled, an offline run that appends to the Delta table and a
 * consistency check that compares the stores.
 */
class FreshetEndpointIT {

    private static final String EXPOSED = "--management.endpoints.web.exposure.include=health,freshet";

    @TempDir
    Path dir;

    @Test
    void listsEveryFeatureSetAndOneWithItsCatalogEntryAndRefusesWritesByDefault() {
        try (CatalogApplication app = new CatalogApplication(dir, EXPOSED, "--freshet.online.enabled=false")) {
            HttpResponse<String> all = app.get("/actuator/freshet");
            HttpResponse<String> one = app.get("/actuator/freshet/" + app.aggregates.name());
            HttpResponse<String> unknown = app.get("/actuator/freshet/nobody");
            HttpResponse<String> run = app.post("/actuator/freshet/" + app.rows.name() + "/offline-run", "{}");
            HttpResponse<String> check = app.post("/actuator/freshet/" + app.rows.name() + "/consistency-check",
                    "{\"sample\":5}");

            assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
            JsonNode list = CatalogApplication.json(all);
            assertThat(list.get("catalogVersion").asInt()).isEqualTo(1);
            assertThat(list.get("writeOperations").asBoolean()).isFalse();
            assertThat(names(list.get("featureSets"))).containsExactly(app.rows.name(), app.aggregates.name());
            JsonNode rows = list.get("featureSets").get(0);
            assertThat(rows.get("catalog").get("metadata").get("owner").asText()).isEqualTo("risk-team");
            assertThat(rows.get("catalog").get("metadata").get("displayName").asText()).isEqualTo("Last transaction");
            assertThat(rows.get("catalog").get("key").get(0).get("name").asText()).isEqualTo("user_id");
            assertThat(rows.get("catalog").get("source").get("topics").get(0).asText()).isEqualTo(app.topic);
            assertThat(rows.get("catalog").get("features").toString())
                    .isEqualTo("[{\"name\":\"amount\",\"type\":\"DOUBLE\"},{\"name\":\"is_remote\",\"type\":\"BOOLEAN\"}]");
            assertThat(rows.get("catalog").get("templates").toString())
                    .isEqualTo("{\"online\":\"MEDIUM\",\"offline\":\"MEDIUM\",\"backfill\":\"MEDIUM\"}");
            assertThat(rows.get("online").isNull()).as("no online job runs here").isTrue();
            assertThat(rows.get("offline").get("scheduled").asBoolean()).isTrue();
            assertThat(rows.get("offline").get("schedule").asText()).isEqualTo("0 0 1 1 *");
            assertThat(rows.get("catalog").get("offlineSchedule").asText()).as("as declared")
                    .isEqualTo("*/30 * * * *");
            assertThat(rows.get("offline").get("nextRun").asText()).isEqualTo("2027-01-01T00:00:00Z");
            assertThat(rows.get("offline").get("lastRun").isNull()).isTrue();
            assertThat(rows.get("backfill").isNull()).isTrue();

            assertThat(one.statusCode()).isEqualTo(200);
            JsonNode aggregates = CatalogApplication.json(one);
            assertThat(aggregates.get("name").asText()).isEqualTo(app.aggregates.name());
            assertThat(aggregates.get("catalog").get("metadata").get("tags").toString())
                    .isEqualTo("[\"payments\",\"fraud\"]");
            assertThat(aggregates.get("catalog").get("aggregations").get("windows").toString())
                    .isEqualTo("[\"PT1H\",\"PT24H\"]");
            assertThat(names(aggregates.get("catalog").get("features")))
                    .containsExactly("sum_amount_1h", "sum_amount_1d", "count_amount_1h", "count_amount_1d");

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(CatalogApplication.json(unknown).get("error").asText()).isEqualTo("no feature set \"nobody\";"
                    + " known: [" + app.rows.name() + ", " + app.aggregates.name() + "]");
            for (HttpResponse<String> refused : List.of(run, check)) {
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(CatalogApplication.json(refused).get("error").asText()).isEqualTo("the write operations of"
                        + " the freshet endpoint are off: set freshet.endpoint.write-operations-enabled=true to run"
                        + " offline jobs and consistency checks through it");
            }
            assertThat(app.context().getBean(FreshetEngine.class).lastOfflineRun(app.rows.name()))
                    .as("nothing ran").isEmpty();
            // The catalog page is off by default.
            assertThat(app.get("/freshet/").statusCode()).isEqualTo(404);
            assertThat(app.get("/freshet/feature-sets.json").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void isNotThereUnlessExposedNorWithoutActuator() {
        runner().run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                .doesNotHaveBean(FreshetEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=health,freshetdeadletters")
                .run(context -> assertThat(context).doesNotHaveBean(FreshetEndpoint.class));
        runner().withPropertyValues(EXPOSED.substring(2))
                .run(context -> assertThat(context).hasSingleBean(FreshetEndpoint.class));
        runner().withPropertyValues(EXPOSED.substring(2)).withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                        .doesNotHaveBean(FreshetEndpoint.class));
    }

    @Test
    void theCatalogPageIsThereOnlyWhenEnabledInAServletWebApplication() {
        AutoConfigurations configurations = AutoConfigurations.of(KafkaAutoConfiguration.class,
                DataRedisAutoConfiguration.class, FreshetAutoConfiguration.class,
                FreshetCatalogPageAutoConfiguration.class);
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues(settings())
                .run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                        .doesNotHaveBean("freshetCatalogPage"));
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues(settings())
                .withPropertyValues("freshet.catalog-page.enabled=true")
                .run(context -> assertThat(context).hasBean("freshetCatalogPage"));
        new ApplicationContextRunner().withConfiguration(configurations).withPropertyValues(settings())
                .withPropertyValues("freshet.catalog-page.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                        .doesNotHaveBean("freshetCatalogPage"));
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues(settings())
                .withPropertyValues("freshet.catalog-page.enabled=true", "freshet.catalog-page.path=/catalog/")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage("freshet.catalog-page.path"
                        + " \"/catalog/\" is not a page path: write one that starts with / and does not end with it,"
                        + " such as /freshet"));
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        FreshetAutoConfiguration.class, FreshetEndpointAutoConfiguration.class))
                .withPropertyValues(settings());
    }

    private String[] settings() {
        SharedSpark.session();
        return new String[] {"spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
            "freshet.online.enabled=false", "freshet.offline.enabled=false",
            "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
            "freshet.offline.root=" + dir.resolve("offline")};
    }

    @Test
    void runsAnOfflineJobAndAConsistencyCheckOnceWriteOperationsAreEnabled() {
        try (CatalogApplication app = new CatalogApplication(dir, EXPOSED,
                "--freshet.endpoint.write-operations-enabled=true")) {
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            app.send("u1", 10.0, t.plusSeconds(1));
            app.send("u2", 20.0, t.plusSeconds(2));
            app.send("u1", 15.0, t.plusSeconds(3));
            String path = "/actuator/freshet/" + app.rows.name();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonNode online = CatalogApplication.json(app.get(path)).get("online");
                assertThat(online.path("newestEventTime").asText()).as(online.toString())
                        .isEqualTo("2026-01-01T00:00:03Z");
                assertThat(online.path("recordsBehind").asLong(-1)).as(online.toString()).isZero();
            });
            JsonNode online = CatalogApplication.json(app.get(path)).get("online");
            assertThat(online.get("state").asText()).isEqualTo("RUNNING");
            assertThat(online.get("active").asBoolean()).isTrue();
            assertThat(online.get("error").isNull()).isTrue();
            // u1's older event is written, or skipped as stale if it came in the same micro-batch as its newer one.
            assertThat(online.get("rowsWritten").asLong() + online.get("rowsStale").asLong()).isEqualTo(3);
            assertThat(online.get("rowsWritten").asLong()).isBetween(2L, 3L);
            assertThat(online.get("newestEventTime").asText()).isEqualTo("2026-01-01T00:00:03Z");
            assertThat(online.get("freshness").asText()).as("from the newest event to the clock's now")
                    .isEqualTo(Duration.between(t.plusSeconds(3), CatalogApplication.NOW).toString());

            // As Actuator's other POST operations with parameters, a JSON body ({} for none): without, 415.
            assertThat(app.post(path + "/offline-run").statusCode()).isEqualTo(415);
            HttpResponse<String> run = app.post(path + "/offline-run", "{}");

            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(CatalogApplication.json(run).get("written").asLong()).isEqualTo(3);
            String table = CatalogApplication.json(run).get("run").get("table").asText();
            assertThat(SharedSpark.session().read().format("delta").load(table).count()).isEqualTo(3);
            JsonNode offline = CatalogApplication.json(app.get(path)).get("offline");
            assertThat(offline.get("lastRun").get("written").asLong()).isEqualTo(3);
            assertThat(offline.get("lastRun").get("records").asLong()).isEqualTo(3);
            assertThat(offline.get("lastOutcome").get("outcome").asText()).isEqualTo("completed");

            HttpResponse<String> check = app.post(path + "/consistency-check", "{\"sample\":10}");

            assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
            JsonNode report = CatalogApplication.json(check);
            assertThat(report.get("featureSet").asText()).isEqualTo(app.rows.name());
            assertThat(report.get("keys").asInt()).isEqualTo(2);
            assertThat(report.get("keysCompared").asLong()).isEqualTo(2);
            assertThat(report.get("matched").asLong()).isEqualTo(report.get("compared").asLong()).isEqualTo(4);
            assertThat(report.get("matchRatio").asDouble()).isEqualTo(1.0);
            assertThat(report.get("features").get("amount").get("mismatched").asLong()).isZero();

            HttpResponse<String> typo = app.post(path + "/offline-runs", "{}");
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(CatalogApplication.json(typo).get("error").asText()).isEqualTo("\"offline-runs\" is no"
                    + " operation of the freshet endpoint; operations: offline-run, consistency-check");
            HttpResponse<String> noOfflineYet = app.post("/actuator/freshet/" + app.aggregates.name()
                    + "/consistency-check", "{}");
            assertThat(noOfflineYet.statusCode()).isEqualTo(409);
            assertThat(CatalogApplication.json(noOfflineYet).get("error").asText()).startsWith("feature set \""
                    + app.aggregates.name() + "\": no offline run of it has completed in this application yet");
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get("name").asText()));
        return names;
    }
}
