package dev.freshet.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @DatasetTransform} method as written.
 *
 * @param method     the method
 * @param annotation the annotation
 * @param output     the {@code output} attribute, for errors about the record as a whole
 * @param record     the output record, or {@code null} if javac could not resolve it
 * @param components the record's components, as source components are read (name, Java type, value type)
 */
public record DatasetTransformDeclaration(ExecutableElement method, AnnotationMirror annotation, Located<Object> output,
        TypeElement record, List<SourceComponent> components) {

    /** Copies the list. */
    public DatasetTransformDeclaration {
        components = List.copyOf(components);
    }

    /** The method as users read it in messages: {@code com.example.Owner.name(Dataset<Row>)}. */
    public String describe() {
        return describe(method);
    }

    /**
     * A method taking Spark types as users read it in messages, Spark's package left out of its parameter types:
     * {@code com.example.Owner.name(Dataset<Row>)}.
     */
    static String describe(ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return owner.getQualifiedName() + "." + method.getSimpleName() + "(" + String.join(", ", method.getParameters()
                .stream().map(p -> p.asType().toString().replace("org.apache.spark.sql.", "")).toList()) + ")";
    }
}
