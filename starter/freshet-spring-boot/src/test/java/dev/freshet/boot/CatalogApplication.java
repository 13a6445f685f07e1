package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A web application with everything auto-configured, for the tests of the {@code freshet} endpoint and the catalog
 * page: two feature sets like the sample's (a row-level {@code last-transaction-<id>} owned by risk-team and an
 * aggregated {@code transaction-aggregates-<id>} tagged payments and fraud) on topics of their own in the JVM's
 * embedded broker, Redis under a namespace of its own, offline schedules that never come due on the fixed clock, and
 * an HTTP client for its loopback port. Closing it stops the application and deletes its Redis keys.
 */
final class CatalogApplication implements AutoCloseable {

    /** The instant the application's clock stands at: after every event the tests send. */
    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String topic = "catalog-" + id;
    final FeatureSetSpec rows = aFeatureSet().name("last-transaction-" + id).topic(topic)
            .trigger(Duration.ofMillis(500))
            .metadata(new MetadataSpec("risk-team", "Each user's latest card transaction", "Last transaction",
                    List.of("payments")))
            .build();
    final FeatureSetSpec aggregates = aFeatureSet().name("transaction-aggregates-" + id).topic(topic)
            .trigger(Duration.ofMillis(500))
            .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                    new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(5),
                    Duration.ofHours(1), Duration.ofDays(1))
            .metadata(new MetadataSpec("fraud-team", "Spend per user over an hour and a day", "Transaction aggregates",
                    List.of("payments", "fraud")))
            .build();
    private final RedisNamespace redis = RedisNamespace.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext app;
    private final String base;

    /** Starts the application with {@code arguments} after its own (such as {@code --freshet.online.enabled=false}). */
    CatalogApplication(Path dir, String... arguments) {
        EmbeddedKafka.createTopic(topic, 1);
        SharedSpark.session();
        // See SecretsIT: the shared SparkSession has taken the JVM's URL stream handler factory.
        TomcatURLStreamHandlerFactory.disable();
        List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--server.port=0",
                "--server.address=127.0.0.1", "--spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                "--spring.data.redis.host=" + RedisNamespace.HOST, "--spring.data.redis.port=" + RedisNamespace.PORT,
                "--freshet.redis.key-prefix=" + redis.prefix(),
                "--freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                "--freshet.offline.root=" + dir.resolve("offline"),
                "--freshet.offline.catch-up-on-start=false",
                "--freshet.feature-sets." + rows.name() + ".offline-schedule=0 0 1 1 *",
                "--freshet.feature-sets." + aggregates.name() + ".offline-schedule=0 0 1 1 *"));
        all.addAll(List.of(arguments));
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(rows, aggregates));
        try {
            app = new SpringApplicationBuilder(Application.class)
                    .initializers(context -> {
                        GenericApplicationContext generic = (GenericApplicationContext) context;
                        generic.registerBean(FeatureSetCatalog.class, () -> catalog);
                        generic.registerBean(Clock.class, () -> Clock.fixed(NOW, java.time.ZoneOffset.UTC));
                    })
                    .run(all.toArray(String[]::new));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    /** Sends a transaction of {@code user} to the feature sets' topic. */
    void send(String user, double amount, Instant at) {
        EmbeddedKafka.send(topic, 0, user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                + ",\"is_remote\":false,\"timestamp\":\"" + at + "\"}", at);
    }

    /** The running application. */
    ConfigurableApplicationContext context() {
        return app;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return base;
    }

    /** GET of {@code path}. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** POST of the JSON {@code body} to {@code path}. */
    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST of nothing to {@code path}, without a content type, as {@code curl -X POST} sends it. */
    HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The JSON of {@code response}'s body. */
    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            redis.close();
        }
    }

    /** Everything auto-configured. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {}
}
