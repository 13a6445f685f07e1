package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SinkFormat;
import java.io.Serializable;

/**
 * An auxiliary Kafka sink of a feature set, as declared by {@link dev.freshet.api.KafkaSink}.
 *
 * @param name             the sink's name, unique within its feature set
 * @param topic            the topic written
 * @param bootstrapServers the brokers, or empty for the named or the application's connection
 * @param connection       the name of a configured connection, or empty for the brokers or the application's
 *                         connection; not both this and {@code bootstrapServers}
 * @param format           the encoding of the messages
 * @param attachment       which job writes the sink
 * @param security         how the connection is secured, {@link KafkaSecuritySpec#NONE} for not at all
 */
public record KafkaSinkSpec(
        String name,
        String topic,
        String bootstrapServers,
        String connection,
        SinkFormat format,
        AttachmentPoint attachment,
        KafkaSecuritySpec security) implements Serializable {

    /** Checks every part. */
    public KafkaSinkSpec {
        requireNonNull(name, "name");
        requireNonNull(topic, "topic");
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(connection, "connection");
        requireNonNull(format, "format");
        requireNonNull(attachment, "attachment");
        requireNonNull(security, "security");
        if (name.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException("a sink needs a name and a topic: got \"" + name + "\" and \"" + topic
                    + "\"");
        }
        if (!bootstrapServers.isEmpty() && !connection.isEmpty()) {
            throw new IllegalArgumentException("sink \"" + name + "\" has both bootstrap servers and connection \""
                    + connection + "\": give one");
        }
    }
}
