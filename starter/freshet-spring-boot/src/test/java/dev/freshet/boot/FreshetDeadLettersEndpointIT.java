package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.deadletter.DeadLetterSummary;
import dev.freshet.spark.deadletter.ReplayHeaders;
import dev.freshet.spark.deadletter.ReplayReport;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.SharedSpark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The {@code freshetdeadletters} endpoint: absent unless exposed (Actuator exposes only {@code health} by default) and
 * without Actuator; once exposed, a summary and a replay against the JVM's embedded broker.
 */
class FreshetDeadLettersEndpointIT {

    private static final String EXPOSED = "management.endpoints.web.exposure.include=health,freshetdeadletters";

    private final String topic = "endpoint-" + UUID.randomUUID();
    private final FeatureSetSpec spec = aFeatureSet().name("dlq-endpoint-" + topic.substring(9, 17)).topic(topic)
            .build();

    @TempDir
    Path dir;

    @BeforeAll
    static void sharedSpark() {
        SharedSpark.session();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        FreshetAutoConfiguration.class, FreshetDeadLettersEndpointAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "freshet.online.enabled=false", "freshet.offline.enabled=false",
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"));
    }

    @Test
    void isNotThereUnlessExposed() {
        runner().run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                .doesNotHaveBean(FreshetDeadLettersEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=health,info")
                .run(context -> assertThat(context).doesNotHaveBean(FreshetDeadLettersEndpoint.class));
    }

    @Test
    void isThereWhenExposedOverTheWebOrEverything() {
        runner().withPropertyValues(EXPOSED)
                .run(context -> assertThat(context).hasSingleBean(FreshetDeadLettersEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context).hasSingleBean(FreshetDeadLettersEndpoint.class));
    }

    @Test
    void isNotThereWithoutActuator() {
        runner().withPropertyValues(EXPOSED).withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(FreshetEngine.class)
                        .doesNotHaveBean(FreshetDeadLettersEndpoint.class));
    }

    @Test
    void summarisesAndReplaysAFeatureSetsDeadLetters() {
        EmbeddedKafka.createTopic(topic, 1);
        String payload = "{\"user_id\":\"u1\",\"amount\":1.5,\"is_remote\":false,"
                + "\"timestamp\":\"2026-01-01T00:00:01Z\"}";
        String deadLetters = "freshet.dlq." + spec.name();
        EmbeddedKafka.createTopic(deadLetters, 1);
        EmbeddedKafka.send(deadLetters, 0, "u1".getBytes(StandardCharsets.UTF_8), new DeadLetter(spec.name(),
                DeadLetterReason.TYPE_MISMATCH, "member \"amount\": expected a number, got the string \"1.5\"",
                topic, 0, 41, Instant.parse("2026-01-01T00:00:01Z"), payload.getBytes(StandardCharsets.UTF_8)).toJson(),
                Instant.parse("2026-01-01T00:00:02Z"));

        runner().withPropertyValues(EXPOSED).run(context -> {
            FreshetDeadLettersEndpoint endpoint = context.getBean(FreshetDeadLettersEndpoint.class);
            assertThat(endpoint.featureSets()).containsExactly(spec.name());
            assertThat(endpoint.summary(spec.name()).reasons())
                    .containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, new DeadLetterSummary.Counts(1, 1, 0, 0, 0)));

            ReplayReport skipped = endpoint.replay(spec.name(), List.of("missing_key"));
            assertThat(skipped.replayedTotal()).isZero();
            assertThat(skipped.skipped(ReplayReport.Skip.REASON_NOT_CHOSEN)).isEqualTo(1);
            ReplayReport report = endpoint.replay(spec.name(), null);
            assertThat(report.replayed()).containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, 1L));
            assertThat(endpoint.summary(spec.name()).reasons())
                    .containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, new DeadLetterSummary.Counts(1, 1, 1, 0, 0)));
        });

        List<ConsumerRecord<byte[], byte[]>> source = EmbeddedKafka.readAll(topic);
        assertThat(source).hasSize(1);
        assertThat(new String(source.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(new String(source.get(0).headers().lastHeader(ReplayHeaders.REPLAY_OF).value(),
                StandardCharsets.UTF_8)).isEqualTo(topic + "/0/41");
    }

    @Test
    void isAWebEndpointReadingAtItsPathsAndReplayingOnAPost() {
        EmbeddedKafka.createTopic(topic, 1);
        runner().withPropertyValues(EXPOSED).run(context -> {
            ExposableWebEndpoint endpoint = new WebEndpointDiscoverer(context,
                    new ConversionServiceParameterValueMapper(), EndpointMediaTypes.DEFAULT, List.of(), List.of(),
                    List.of(), List.of(), List.of()).getEndpoints()
                    .stream().filter(e -> e.getEndpointId().toString().equals("freshetdeadletters")).findFirst()
                    .orElseThrow();
            assertThat(endpoint.getOperations()).extracting(o -> o.getRequestPredicate().getHttpMethod() + " "
                    + o.getRequestPredicate().getPath()).containsExactlyInAnyOrder("GET freshetdeadletters",
                    "GET freshetdeadletters/{featureSet}", "POST freshetdeadletters/{featureSet}");
            WebOperation replay = endpoint.getOperations().stream()
                    .filter(o -> o.getRequestPredicate().getHttpMethod().name().equals("POST")).findFirst()
                    .orElseThrow();

            Object report = replay.invoke(new InvocationContext(SecurityContext.NONE,
                    Map.of("featureSet", spec.name(), "reasons", List.of("type_mismatch"))));

            assertThat(report).isInstanceOf(ReplayReport.class);
            assertThat(((ReplayReport) report).read()).isZero();
        });
    }

    @Test
    void answersOverHttpOnceExposed() throws Exception {
        EmbeddedKafka.createTopic(topic, 1);
        String deadLetters = "freshet.dlq." + spec.name();
        EmbeddedKafka.createTopic(deadLetters, 1);
        EmbeddedKafka.send(deadLetters, 0, "u2".getBytes(StandardCharsets.UTF_8), new DeadLetter(spec.name(),
                DeadLetterReason.MALFORMED_RECORD, "not valid JSON", topic, 0, 7, Instant.parse("2026-01-01T00:00:03Z"),
                "{\"user_id\":\"u2\"".getBytes(StandardCharsets.UTF_8)).toJson(), Instant.parse("2026-01-01T00:00:04Z"));
        // See SecretsIT: the shared SparkSession has taken the JVM's URL stream handler factory.
        TomcatURLStreamHandlerFactory.disable();
        HttpClient http = HttpClient.newHttpClient();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WebApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean(FeatureSetCatalog.class,
                        () -> FeatureSetCatalog.of(List.of(spec))))
                .run("--spring.main.banner-mode=off", "--server.port=0", "--server.address=127.0.0.1",
                        "--spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "--freshet.online.enabled=false", "--freshet.offline.enabled=false",
                        "--freshet.checkpoint-root=" + dir.resolve("checkpoints"), "--" + EXPOSED)) {
            String endpoint = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                    + "/actuator/freshetdeadletters";

            HttpResponse<String> names = http.send(HttpRequest.newBuilder(URI.create(endpoint)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> summary = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + spec.name()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> typo = post(http, endpoint + "/" + spec.name(), "{\"reasons\":\"MALFORMED\"}");
            // Actuator reads a JSON body of simple values: a list is one comma-separated string.
            HttpResponse<String> replay = post(http, endpoint + "/" + spec.name(),
                    "{\"reasons\":\"missing_key, MALFORMED_RECORD\"}");
            HttpResponse<String> defaults = post(http, endpoint + "/" + spec.name(), "{}");

            assertThat(names.statusCode()).isEqualTo(200);
            assertThat(names.body()).isEqualTo("[\"" + spec.name() + "\"]");
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(summary.body()).contains("\"MALFORMED_RECORD\":{\"messages\":1,\"positions\":1,\"replayed\":0");
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(replay.body()).contains("\"replayed\":{\"MALFORMED_RECORD\":1}");
            assertThat(defaults.body()).contains("\"replayed\":{}", "\"ALREADY_REPLAYED\":{\"MALFORMED_RECORD\":1}");
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An application with everything auto-configured. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebApplication {}

    @Test
    void refusesAnUnknownFeatureSetOrReasonNamingTheKnownOnes() {
        runner().withPropertyValues(EXPOSED).run(context -> {
            FreshetDeadLettersEndpoint endpoint = context.getBean(FreshetDeadLettersEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.summary("nobody"))
                    .withMessage("no feature set \"nobody\"; known: [" + spec.name() + "]");
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.replay(spec.name(), List.of("TYPE_MISMATCH", "TYPO")))
                    .withMessage("\"TYPO\" is no dead-letter reason; reasons: [MALFORMED_RECORD, TYPE_MISMATCH,"
                            + " INVALID_TIMESTAMP, MISSING_KEY, MISSING_TIMESTAMP, LATE, FUTURE_EVENT_TIME, TRANSFORM_ERROR]");
        });
    }
}
