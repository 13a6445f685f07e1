package dev.freshet.processor.validation;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.SinkDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a feature set's {@code @KafkaSink}s: a name unique within the feature set, a legal topic other than those of
 * the feature set's own source, and a connection checked as a source's is ({@link KafkaConnectionValidator}). The
 * value is the sinks' specs, in declaration order.
 */
final class SinkValidator {

    private final KafkaConnectionValidator connections = new KafkaConnectionValidator();

    /** What is wrong with the sinks of {@code declaration}, which reads {@code source}; their specs if nothing. */
    ValidationReport<List<KafkaSinkSpec>> validate(FeatureSetDeclaration declaration, KafkaSourceSpec source) {
        ValidationReport.Builder<List<KafkaSinkSpec>> report = ValidationReport.about(declaration.element());
        String featureSet = declaration.effectiveName();
        Set<String> names = new HashSet<>();
        List<Supplier<KafkaSinkSpec>> sinks = new ArrayList<>();
        for (SinkDeclaration sink : declaration.sinks()) {
            String name = sink.name().value();
            String topic = sink.topic().value();
            if (name.isBlank()) {
                report.error(sink.name(), Message.SINK_NAME_BLANK, featureSet, featureSet);
            } else if (!names.add(name)) {
                report.error(sink.name(), Message.SINK_NAME_DUPLICATE, name, featureSet);
            }
            if (topic.isBlank()) {
                report.error(sink.topic(), Message.SINK_TOPIC_BLANK, name, featureSet + "-updates");
            } else if (!SourceValidator.TOPIC.matcher(topic).matches()) {
                report.error(sink.topic(), Message.SINK_TOPIC_INVALID, topic, name);
            } else if (source.topics().contains(topic)) {
                report.error(sink.topic(), Message.SINK_TOPIC_OWN_SOURCE, name, topic, featureSet, source.name());
            }
            Optional<KafkaSecuritySpec> security = report.add(connections.validate(declaration.element(), name,
                    sink.bootstrapServers(), sink.connection(), sink.security(), Message.SINK_CONNECTION_BOTH));
            // Built only when the report is clean: a spec refuses what the errors above report.
            security.ifPresent(k -> sinks.add(() -> new KafkaSinkSpec(name, topic, sink.bootstrapServers().value(),
                    sink.connection().value(), SinkFormat.valueOf(sink.format().value()),
                    AttachmentPoint.valueOf(sink.attachment().value()), k)));
        }
        return report.build(() -> sinks.stream().map(Supplier::get).toList());
    }
}
