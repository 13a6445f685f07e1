package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.SourceTopicCreation;
import dev.freshet.testsupport.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source topic that does not exist, against the real broker: the job's start fails at once, naming the feature set,
 * the source, the topic, the brokers and both fixes (before, the query started and died in its first batch with
 * {@code UnknownTopicOrPartitionException}); with {@code createMissingSourceTopics} the job creates it and runs.
 */
class SourceTopicsIT {

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("absent");

    private FeatureSetSpec spec;

    @BeforeEach
    void declareTheFeatureSet() {
        spec = aFeatureSet().name("absent-" + scenario.id()).topic(scenario.topic()).trigger(Duration.ofMillis(300))
                .build();
    }

    @Test
    void anOnlineJobWhoseSourceTopicDoesNotExistFailsToStartWithTheFix() {
        FreshetEngine engine = scenario.engine(spec);

        assertThatThrownBy(() -> engine.startOnline(spec.name()))
                .isInstanceOf(FreshetException.class)
                .hasMessage(missing());
        assertThat(EmbeddedKafka.topics()).doesNotContain(scenario.topic(), "freshet.dlq." + spec.name());
        assertThat(engine.onlineJob(spec.name())).isEmpty();
    }

    @Test
    void aSupervisedJobWhoseSourceTopicDoesNotExistIsGivenUpAtOnceWithTheReason() {
        FreshetEngine engine = scenario.engine(spec);

        SupervisedJob job = engine.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), new RestartPolicy(
                Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1), Duration.ofMinutes(1)));

        assertThat(job.status().state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(job.status().lastFailure()).hasValueSatisfying(failure -> {
            assertThat(failure.message()).isEqualTo(missing());
            assertThat(failure.restartCanFix()).isFalse();
        });
        assertThat(job.current()).isNull();
        assertThat(scenario.meters().get("freshet.job.failures").tags("feature.set", spec.name(), "outcome", "given-up")
                .counter().count()).isEqualTo(1.0);
        job.stop(Duration.ofSeconds(1));
        assertThat(job.status().state()).isEqualTo(JobStatus.State.STOPPED);
    }

    @Test
    void anOfflineRunWhoseSourceTopicDoesNotExistFailsTheSameWay() {
        FreshetEngine engine = scenario.engine(spec);

        assertThatThrownBy(() -> engine.runOffline(spec.name()))
                .isInstanceOf(FreshetException.class)
                .hasMessage(missing());
    }

    @Test
    void createsTheMissingSourceTopicWhenAskedAndTheJobThenIngestsIt() throws Exception {
        FreshetEngine engine = scenario.engine(
                b -> b.createMissingSourceTopics(new SourceTopicCreation(Optional.of(3), Optional.empty())), spec);

        Job job = engine.startOnline(spec.name());

        assertThat(partitions(scenario.topic())).isEqualTo(3);
        scenario.send(2, "u1", "{\"user_id\":\"u1\",\"amount\":4.5,\"is_remote\":false,"
                + "\"timestamp\":\"2026-01-01T00:00:01Z\"}", Instant.parse("2026-01-01T00:00:01Z"));
        job.processAllAvailable();
        assertThat(job.isActive()).isTrue();
        assertThat(job.totals().written()).isEqualTo(1);
        assertThat(scenario.hash(spec, "u1")).contains(entry("amount", "d:4.5"));
    }

    private String missing() {
        String topic = scenario.topic();
        return "feature set \"" + spec.name() + "\": source \"transaction_stream\" reads Kafka topic \"" + topic
                + "\", which does not exist on the brokers at " + EmbeddedKafka.bootstrapServers() + "; create it"
                + " (kafka-topics.sh --bootstrap-server " + EmbeddedKafka.bootstrapServers() + " --create --topic "
                + topic + "), or let the job create missing source topics when it starts:"
                + " freshet.kafka.create-missing-source-topics=true (FreshetEngine.Builder.createMissingSourceTopics)";
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size();
        }
    }
}
