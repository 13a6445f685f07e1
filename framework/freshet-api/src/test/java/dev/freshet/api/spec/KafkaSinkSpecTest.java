package dev.freshet.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaSinkSpecTest {

    private static final KafkaSourceSpec SOURCE = new KafkaSourceSpec("events", List.of("events"), SourceFormat.JSON,
            StartingOffsets.EARLIEST, Set.of(TimestampEncoding.ISO_8601), List.of(
                    new SourceFieldSpec("id", "id", ValueType.STRING),
                    new SourceFieldSpec("v", "v", ValueType.DOUBLE),
                    new SourceFieldSpec("ts", "ts", ValueType.TIMESTAMP)), "test.Events");
    private static final List<ColumnSpec> OUTPUT = List.of(new ColumnSpec("id", ValueType.STRING),
            new ColumnSpec("v", ValueType.DOUBLE), new ColumnSpec("ts", ValueType.TIMESTAMP));

    private static KafkaSinkSpec sink(String name) {
        return new KafkaSinkSpec(name, "out", "", "", SinkFormat.JSON, AttachmentPoint.ONLINE, KafkaSecuritySpec.NONE);
    }

    private static FeatureSetSpec featureSet(List<KafkaSinkSpec> sinks) {
        return new FeatureSetSpec("events", List.of("id"), SOURCE, "ts", "SELECT * FROM events", OUTPUT,
                WindowedAggregations.NONE, List.of(new ColumnSpec("v", ValueType.DOUBLE)), Duration.ofSeconds(5),
                "*/30 * * * *", Duration.ZERO, MetadataSpec.NONE, "test.Events", List.of(), null, null, null, sinks);
    }

    @Test
    void aFeatureSetBuiltWithoutSinksHasNone() {
        FeatureSetSpec spec = new FeatureSetSpec("events", List.of("id"), SOURCE, "ts", "SELECT * FROM events",
                OUTPUT, WindowedAggregations.NONE, List.of(new ColumnSpec("v", ValueType.DOUBLE)),
                Duration.ofSeconds(5), "*/30 * * * *", Duration.ZERO, MetadataSpec.NONE, "test.Events", List.of());

        assertThat(spec.sinks()).isEmpty();
    }

    @Test
    void aFeatureSetKeepsItsSinksInOrder() {
        assertThat(featureSet(List.of(sink("b"), sink("a"))).sinks()).extracting(KafkaSinkSpec::name)
                .containsExactly("b", "a");
    }

    @Test
    void twoSinksOfOneNameAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> featureSet(List.of(sink("a"), sink("a"))))
                .withMessageContaining("two sinks called \"a\"");
    }

    @Test
    void bothBootstrapServersAndAConnectionAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSinkSpec("a", "out", "broker:9092", "audit",
                        SinkFormat.JSON, AttachmentPoint.OFFLINE, KafkaSecuritySpec.NONE))
                .withMessageContaining("both bootstrap servers and connection \"audit\"");
    }

    @Test
    void aBlankTopicIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSinkSpec("a", " ", "", "", SinkFormat.JSON,
                AttachmentPoint.ONLINE, KafkaSecuritySpec.NONE)).withMessageContaining("a name and a topic");
    }

    @Test
    void aSaslProtocolNeedsAMechanismAndOnlyItTakesOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSecuritySpec(SecurityProtocol.SASL_SSL,
                SaslMechanism.NONE, "u", "p", "", "", "", "")).withMessageContaining("needs a mechanism");
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSecuritySpec(SecurityProtocol.SSL,
                SaslMechanism.PLAIN, "u", "p", "", "", "", "")).withMessageContaining("only a SASL protocol");
    }

    @Test
    void mechanismsHaveKafkasNames() {
        assertThat(SaslMechanism.SCRAM_SHA_256.kafkaName()).isEqualTo("SCRAM-SHA-256");
        assertThat(SaslMechanism.PLAIN.kafkaName()).isEqualTo("PLAIN");
    }
}
