package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.io.Serializable;

/**
 * A Kafka stream source, as declared by {@link dev.freshet.api.KafkaSource} on a record.
 *
 * @param name               name feature sets refer to, and the SQL view name
 * @param topics             topics read as one stream; at least one
 * @param format             encoding of record values
 * @param startingOffsets    where a job without saved offsets starts
 * @param timestampEncodings accepted JSON encodings of timestamp members; at least one
 * @param fields             the schema, in record-component order; at least one
 * @param declaringClass     fully qualified name of the record that declares the source
 * @param bootstrapServers   the brokers, or empty for the named or the application's connection
 * @param connection         the name of a configured connection, or empty for the brokers or the application's
 *                           connection; not both this and {@code bootstrapServers}
 * @param security           how the connection is secured, {@link KafkaSecuritySpec#NONE} for as the connection is
 */
public record KafkaSourceSpec(
        String name,
        List<String> topics,
        SourceFormat format,
        StartingOffsets startingOffsets,
        Set<TimestampEncoding> timestampEncodings,
        List<SourceFieldSpec> fields,
        String declaringClass,
        String bootstrapServers,
        String connection,
        KafkaSecuritySpec security) implements Serializable {

    /** Checks every part and copies the collections. */
    public KafkaSourceSpec {
        requireNonNull(name, "name");
        topics = List.copyOf(topics);
        requireNonNull(format, "format");
        requireNonNull(startingOffsets, "startingOffsets");
        timestampEncodings = Set.copyOf(timestampEncodings);
        fields = List.copyOf(fields);
        requireNonNull(declaringClass, "declaringClass");
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(connection, "connection");
        requireNonNull(security, "security");
        if (!bootstrapServers.isEmpty() && !connection.isEmpty()) {
            throw new IllegalArgumentException("source \"" + name + "\" has both bootstrap servers and connection \""
                    + connection + "\": give one");
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("source \"" + name + "\" has no topic: name at least one");
        }
        if (timestampEncodings.isEmpty()) {
            throw new IllegalArgumentException("source \"" + name + "\" accepts no timestamp encoding: name at least one");
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("source \"" + name + "\" has no fields: its record needs components");
        }
    }

    /**
     * A source on the application's connection, as most are: no brokers, no named connection, no security of its
     * own.
     */
    public KafkaSourceSpec(String name, List<String> topics, SourceFormat format, StartingOffsets startingOffsets,
            Set<TimestampEncoding> timestampEncodings, List<SourceFieldSpec> fields, String declaringClass) {
        this(name, topics, format, startingOffsets, timestampEncodings, fields, declaringClass, "", "",
                KafkaSecuritySpec.NONE);
    }

    /** The field whose column is {@code column}, if the schema has one. */
    public Optional<SourceFieldSpec> field(String column) {
        return fields.stream().filter(f -> f.column().equals(column)).findFirst();
    }
}
