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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
        String payload = "{\"user_id\":\"u1\",\"amount\":1.5,\"is_remote\":false,\"timestamp\":\"2026-01-01T00:00:01Z\"}";
        String deadLetters = "freshet.dlq." + spec.name();
        EmbeddedKafka.createTopic(deadLetters, 1);
        EmbeddedKafka.send(deadLetters, 0, "u1".getBytes(StandardCharsets.UTF_8), new DeadLetter(spec.name(),
                DeadLetterReason.TYPE_MISMATCH, "member \"amount\": expected a number, got the string \"1.5\"", topic, 0,
                41, Instant.parse("2026-01-01T00:00:01Z"), payload.getBytes(StandardCharsets.UTF_8)).toJson(),
                Instant.parse("2026-01-01T00:00:02Z"));

        runner().withPropertyValues(EXPOSED).run(context -> {
            FreshetDeadLettersEndpoint endpoint = context.getBean(FreshetDeadLettersEndpoint.class);
            assertThat(endpoint.featureSets()).containsExactly(spec.name());
            assertThat(endpoint.summary(spec.name()).reasons())
                    .containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, new DeadLetterSummary.Counts(1, 1, 0, 0)));

            ReplayReport skipped = endpoint.replay(spec.name(), List.of("missing_key"));
            assertThat(skipped.replayedTotal()).isZero();
            assertThat(skipped.skipped(ReplayReport.Skip.REASON_NOT_CHOSEN)).isEqualTo(1);
            ReplayReport report = endpoint.replay(spec.name(), null);
            assertThat(report.replayed()).containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, 1L));
            assertThat(endpoint.summary(spec.name()).reasons())
                    .containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, new DeadLetterSummary.Counts(1, 1, 1, 0)));
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
            ExposableWebEndpoint endpoint = new WebEndpointDiscoverer(context, new ConversionServiceParameterValueMapper(),
                    EndpointMediaTypes.DEFAULT, List.of(), List.of(), List.of(), List.of(), List.of()).getEndpoints()
                    .stream().filter(e -> e.getEndpointId().toString().equals("freshetdeadletters")).findFirst()
                    .orElseThrow();
            assertThat(endpoint.getOperations()).extracting(o -> o.getRequestPredicate().getHttpMethod() + " "
                    + o.getRequestPredicate().getPath()).containsExactlyInAnyOrder("GET freshetdeadletters",
                    "GET freshetdeadletters/{featureSet}", "POST freshetdeadletters/{featureSet}");
            WebOperation replay = endpoint.getOperations().stream()
                    .filter(o -> o.getRequestPredicate().getHttpMethod().name().equals("POST")).findFirst().orElseThrow();

            Object report = replay.invoke(new InvocationContext(SecurityContext.NONE,
                    Map.of("featureSet", spec.name(), "reasons", List.of("type_mismatch"))));

            assertThat(report).isInstanceOf(ReplayReport.class);
            assertThat(((ReplayReport) report).read()).isZero();
        });
    }

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
                            + " INVALID_TIMESTAMP, MISSING_KEY, MISSING_TIMESTAMP, LATE, FUTURE_EVENT_TIME]");
        });
    }
}
