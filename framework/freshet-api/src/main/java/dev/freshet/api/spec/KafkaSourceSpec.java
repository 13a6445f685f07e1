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
 */
public record KafkaSourceSpec(
        String name,
        List<String> topics,
        SourceFormat format,
        StartingOffsets startingOffsets,
        Set<TimestampEncoding> timestampEncodings,
        List<SourceFieldSpec> fields,
        String declaringClass) implements Serializable {

    /** Checks every part and copies the collections. */
    public KafkaSourceSpec {
        requireNonNull(name, "name");
        topics = List.copyOf(topics);
        requireNonNull(format, "format");
        requireNonNull(startingOffsets, "startingOffsets");
        timestampEncodings = Set.copyOf(timestampEncodings);
        fields = List.copyOf(fields);
        requireNonNull(declaringClass, "declaringClass");
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

    /** The field whose column is {@code column}, if the schema has one. */
    public Optional<SourceFieldSpec> field(String column) {
        return fields.stream().filter(f -> f.column().equals(column)).findFirst();
    }
}
