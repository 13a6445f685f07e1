package dev.freshet.core.testdata;

import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Builds {@link KafkaSourceSpec}s for tests: {@code aSource().field("amount", DOUBLE).build()}. A source accepts
 * ISO-8601 timestamps unless told otherwise; fields are added in schema order.
 */
public final class KafkaSourceSpecBuilder {

    private String name = "transactions";
    private List<String> topics = List.of("transactions");
    private Set<TimestampEncoding> timestampEncodings = EnumSet.of(TimestampEncoding.ISO_8601);
    private final List<SourceFieldSpec> fields = new ArrayList<>();
    private String declaringClass = "com.example.Transaction";

    private KafkaSourceSpecBuilder() {}

    /** A source with no fields yet. */
    public static KafkaSourceSpecBuilder aSource() {
        return new KafkaSourceSpecBuilder();
    }

    /** The usual transactions schema: {@code user_id} string, {@code amount} double, {@code timestamp}. */
    public static KafkaSourceSpecBuilder aTransactionSource() {
        return aSource()
                .field("user_id", ValueType.STRING)
                .field("amount", ValueType.DOUBLE)
                .field("timestamp", ValueType.TIMESTAMP);
    }

    public KafkaSourceSpecBuilder name(String name) {
        this.name = name;
        return this;
    }

    public KafkaSourceSpecBuilder topics(String... topics) {
        this.topics = List.of(topics);
        return this;
    }

    public KafkaSourceSpecBuilder timestampEncodings(TimestampEncoding... encodings) {
        this.timestampEncodings = Set.of(encodings);
        return this;
    }

    /** A column read from the JSON member of the same name. */
    public KafkaSourceSpecBuilder field(String column, ValueType type) {
        return field(column, column, type);
    }

    /** A column read from a differently named JSON member, as {@code @SourceField(json = ...)} declares. */
    public KafkaSourceSpecBuilder field(String column, String jsonName, ValueType type) {
        fields.add(new SourceFieldSpec(column, jsonName, type));
        return this;
    }

    public KafkaSourceSpecBuilder declaringClass(String declaringClass) {
        this.declaringClass = declaringClass;
        return this;
    }

    public KafkaSourceSpec build() {
        return new KafkaSourceSpec(name, topics, SourceFormat.JSON, StartingOffsets.EARLIEST, timestampEncodings,
                fields, declaringClass);
    }
}
