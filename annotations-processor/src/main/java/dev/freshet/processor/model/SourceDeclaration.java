package dev.freshet.processor.model;

import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @KafkaSource} as written.
 *
 * @param element            the annotated type
 * @param annotation         the annotation
 * @param name               source name
 * @param topics             topics, each with its literal
 * @param format             value format
 * @param startingOffsets    starting offsets
 * @param timestampEncodings accepted timestamp encodings
 * @param encodingsValue     the encodings attribute, when written
 * @param fields             the record's components, in order (empty if the type is no record)
 * @param bootstrapServers   the brokers, empty for none
 * @param connection         the named connection, empty for none
 * @param security           the {@code @KafkaSecurity}, as written or its default
 */
public record SourceDeclaration(
        TypeElement element,
        AnnotationMirror annotation,
        Located<String> name,
        List<Located<String>> topics,
        SourceFormat format,
        StartingOffsets startingOffsets,
        List<TimestampEncoding> timestampEncodings,
        Located<Object> encodingsValue,
        List<SourceComponent> fields,
        Located<String> bootstrapServers,
        Located<String> connection,
        SecurityDeclaration security) {
}
