package dev.freshet.spark.sink;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.sink.FeatureSetId;
import dev.freshet.core.sink.SinkMessage;
import dev.freshet.spark.output.KafkaTopicWriter;
import dev.freshet.spark.source.KafkaConnection;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Sends one sink's messages from a task: each vector (key values, time, feature values) as a {@link SinkMessage} to
 * the sink's topic, through the JVM's shared producer for the sink's connection ({@link KafkaTopicWriter}).
 */
final class SinkSender implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final KafkaSinkSpec sink;
    private final KafkaConnection connection;
    private final Duration timeout;
    private final String featureSetId;
    private final ArrayList<ColumnSpec> key;
    private final ArrayList<ColumnSpec> features;

    SinkSender(FeatureSetSpec spec, KafkaSinkSpec sink, KafkaConnection connection, Duration timeout) {
        this.featureSet = spec.name();
        this.sink = requireNonNull(sink, "sink");
        this.connection = requireNonNull(connection, "connection");
        this.timeout = requireNonNull(timeout, "timeout");
        this.featureSetId = FeatureSetId.of(spec);
        // ArrayLists, not List.copyOf: they travel to executors, and Kryo cannot rebuild JDK immutable lists.
        this.key = new ArrayList<>(spec.key().stream().map(k -> spec.column(k).orElseThrow()).toList());
        this.features = new ArrayList<>(spec.featureColumns());
    }

    /** The key columns of the messages, in key order. */
    List<ColumnSpec> key() {
        return key;
    }

    /** The feature columns of the messages, in feature order. */
    List<ColumnSpec> features() {
        return features;
    }

    /**
     * A session of the running task (or of the caller, outside a task): its producer lease ends with the task,
     * whether it succeeds or fails.
     */
    Session open() {
        KafkaTopicWriter writer = new KafkaTopicWriter(connection.clientProperties(), sink.topic(), timeout,
                "messages of sink \"" + sink.name() + "\"", featureSet);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ignored -> writer.close());
        }
        return new Session(writer, task == null);
    }

    /** Where the messages go, for log lines. */
    String location() {
        return "Kafka topic " + sink.topic() + " at " + connection.bootstrapServers();
    }

    /** A log line's part for {@code sent} messages. */
    String describe(long sent) {
        return "sent " + sent + (sent == 1 ? " message" : " messages") + " to sink \"" + sink.name() + "\" ("
                + location() + ")";
    }

    /** The messages of one task. Not thread-safe. */
    final class Session {

        private final KafkaTopicWriter writer;
        private final boolean closeWhenFinished;
        private long sent;

        private Session(KafkaTopicWriter writer, boolean closeWhenFinished) {
            this.writer = writer;
            this.closeWhenFinished = closeWhenFinished;
        }

        /** Sends the vector of {@code keyValues} at {@code timeMillis} with {@code values} (in feature order). */
        void send(List<Object> keyValues, long timeMillis, Object[] values) {
            SinkMessage message = new SinkMessage(featureSet, featureSetId, Instant.ofEpochMilli(timeMillis), key,
                    keyValues, features, Arrays.asList(values));
            writer.send(message.keyBytes(), message.valueBytes());
            sent++;
        }

        /**
         * Waits until Kafka has acknowledged every message sent, and returns how many were sent.
         *
         * @throws dev.freshet.core.error.FreshetException if Kafka refused one or did not acknowledge them in time
         */
        long finish() {
            writer.awaitAll();
            if (closeWhenFinished) {
                writer.close();
            }
            return sent;
        }
    }
}
