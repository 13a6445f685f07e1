package dev.freshet.processor.validation;

import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.model.SourceComponent;
import dev.freshet.processor.model.SourceDeclaration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a {@code @KafkaSource}: its record, name, topics, encodings, components and connection (by the rules a sink's
 * connection follows, {@link KafkaConnectionValidator}); the value is its spec.
 */
public final class SourceValidator {

    /** A name SQL can read a view under without quoting. */
    static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** A legal Kafka topic name. */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private final KafkaConnectionValidator connections = new KafkaConnectionValidator();

    /** A validator of sources. */
    public SourceValidator() {}

    /**
     * Where javac can show an error about a record component: the private field javac declares for it (javac keeps
     * no source position for the component element nor for its implicit accessor, but the field is the component's
     * own declaration in the tree).
     */
    static Element locatable(SourceComponent field) {
        Element component = field.element();
        if (component instanceof RecordComponentElement) {
            for (VariableElement f : ElementFilter.fieldsIn(component.getEnclosingElement().getEnclosedElements())) {
                if (f.getSimpleName().contentEquals(component.getSimpleName())) {
                    return f;
                }
            }
        }
        return component;
    }

    /** What is wrong with {@code source}; its spec if nothing is. */
    public ValidationReport<KafkaSourceSpec> validate(SourceDeclaration source) {
        ValidationReport.Builder<KafkaSourceSpec> report = ValidationReport.about(source.element());
        String name = source.name().value();
        if (source.element().getKind() != ElementKind.RECORD) {
            return report.error(source.element(), source.annotation(), null, Message.SOURCE_NOT_A_RECORD,
                    source.element().getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
                    source.element().getSimpleName()).build();
        }
        if (!SQL_IDENTIFIER.matcher(name).matches()) {
            report.error(source.name(), Message.SOURCE_NAME_INVALID, name);
        }
        if (source.topics().isEmpty()) {
            report.error(source.element(), source.annotation(), null, Message.SOURCE_TOPICS_EMPTY, name,
                    name.replace('_', '-'));
        }
        for (Located<String> topic : source.topics()) {
            if (!TOPIC.matcher(topic.value()).matches()) {
                report.error(topic, Message.SOURCE_TOPIC_INVALID, topic.value());
            }
        }
        if (source.timestampEncodings().isEmpty()) {
            report.error(source.encodingsValue(), Message.SOURCE_ENCODINGS_EMPTY, name);
        }
        Map<String, SourceComponent> byJson = new HashMap<>();
        for (SourceComponent field : source.fields()) {
            if (field.type() == null) {
                report.error(locatable(field), null, null, Message.SOURCE_FIELD_TYPE, field.column(), name,
                        field.javaType());
            }
            SourceComponent previous = byJson.putIfAbsent(field.jsonName().value(), field);
            if (previous != null) {
                Located<String> at = new Located<>(field.column(), locatable(field), null, null);
                report.error(at, Message.SOURCE_FIELD_JSON_DUPLICATE, previous.column(), field.column(), name,
                        field.jsonName().value());
            }
        }
        Optional<KafkaSecuritySpec> security = report.add(connections.validate(source.element(), name,
                source.bootstrapServers(), source.connection(), source.security(), Message.SOURCE_CONNECTION_BOTH));
        if (security.isEmpty()) {
            return report.build();
        }
        return report.build(() -> {
            List<SourceFieldSpec> fields = new ArrayList<>();
            for (SourceComponent f : source.fields()) {
                fields.add(new SourceFieldSpec(f.column(), f.jsonName().value(), f.type()));
            }
            return new KafkaSourceSpec(name, source.topics().stream().map(Located::value).toList(),
                    source.format(), source.startingOffsets(), EnumSet.copyOf(source.timestampEncodings()), fields,
                    source.element().getQualifiedName().toString(), source.bootstrapServers().value(),
                    source.connection().value(), security.get());
        });
    }
}
