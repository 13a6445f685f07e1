package dev.freshet.processor.model;

import dev.freshet.api.BatchFormat;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @BatchSource} as written.
 *
 * @param element         the annotated type: a record (declared schema), an interface (schema from the data), or
 *                        another kind, which the validator refuses
 * @param annotation      the annotation
 * @param name            source name
 * @param format          storage format
 * @param path            the path, empty for none
 * @param table           the table, empty for none
 * @param timestampColumn the event-time column
 * @param options         the reader options, each {@code key=value} as written
 * @param fields          the record's components, in order (empty if the type is no record)
 */
public record BatchSourceDeclaration(
        TypeElement element,
        AnnotationMirror annotation,
        Located<String> name,
        BatchFormat format,
        Located<String> path,
        Located<String> table,
        Located<String> timestampColumn,
        List<Located<String>> options,
        List<SourceComponent> fields) {

    /** Copies the lists. */
    public BatchSourceDeclaration {
        options = List.copyOf(options);
        fields = List.copyOf(fields);
    }
}
