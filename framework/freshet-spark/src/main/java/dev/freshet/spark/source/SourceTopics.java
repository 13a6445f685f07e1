package dev.freshet.spark.source;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job checks of its source when it starts (online jobs, also each supervised restart, and offline runs): that
 * every topic the source reads exists. Spark's Kafka source does not check: a query on a missing topic starts, and
 * then fails in its first batch with {@code UnknownTopicOrPartitionException}, after the application said its jobs
 * were running. Missing topics fail the start with the fix ({@link FreshetErrors#missingSourceTopics}), or are created
 * when the engine was asked to ({@link SourceTopicCreation}).
 */
public final class SourceTopics {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTopics.class);

    private SourceTopics() {}

    /**
     * Checks that {@code source}'s topics exist on the cluster {@code kafka} reaches, creating the missing ones as
     * {@code creation} says, if present; waits at most {@code timeout} for each answer of Kafka.
     *
     * @throws FreshetException if a topic does not exist (and none is created), or Kafka did not answer in time
     */
    public static void prepare(String featureSet, KafkaSourceSpec source, KafkaConnection kafka,
            Optional<SourceTopicCreation> creation, Duration timeout) {
        KafkaTopics topics = new KafkaTopics(kafka.clientProperties(), timeout);
        if (creation.isPresent()) {
            List<String> created = topics.createMissing(featureSet, "source topic",
                    source.topics().stream().map(creation.get()::topic).toList());
            for (String topic : created) {
                LOG.info("feature set {}: created source topic {} of source {} ({}) on the brokers at {}, since it"
                        + " did not exist", featureSet, topic, source.name(), creation.get().describe(),
                        kafka.bootstrapServers());
            }
            return;
        }
        Set<String> missing = topics.missing(featureSet, "source topic", source.topics());
        if (!missing.isEmpty()) {
            throw FreshetErrors.missingSourceTopics(featureSet, source.name(), List.copyOf(missing),
                    kafka.bootstrapServers());
        }
    }

    /**
     * Checks that the topic of {@code spec}'s sink {@code sink} exists on the cluster {@code kafka} reaches, creating
     * it as {@code creation} says, if present (the setting that creates missing source topics creates sink topics
     * too); waits at most {@code timeout} for each answer of Kafka.
     *
     * @throws FreshetException if the topic does not exist (and is not created), or Kafka did not answer in time
     */
    public static void prepareSink(FeatureSetSpec spec, KafkaSinkSpec sink, KafkaConnection kafka,
            Optional<SourceTopicCreation> creation, Duration timeout) {
        KafkaTopics topics = new KafkaTopics(kafka.clientProperties(), timeout);
        String role = "topic of sink \"" + sink.name() + "\"";
        if (creation.isPresent()) {
            for (String topic : topics.createMissing(spec.name(), role,
                    List.of(creation.get().topic(sink.topic())))) {
                LOG.info("feature set {}: created topic {} of sink {} ({}) on the brokers at {}, since it did not"
                        + " exist", spec.name(), topic, sink.name(), creation.get().describe(),
                        kafka.bootstrapServers());
            }
            return;
        }
        if (!topics.missing(spec.name(), role, List.of(sink.topic())).isEmpty()) {
            throw new FreshetException(spec.name(), "sink \"" + sink.name() + "\" writes topic \"" + sink.topic()
                    + "\", which does not exist on the brokers at " + kafka.bootstrapServers() + ": create it (with as"
                    + " many partitions as its consumers need), or let Freshet create it"
                    + " (freshet.kafka.create-missing-source-topics=true, meant for development brokers)", null,
                    false);
        }
    }
}
