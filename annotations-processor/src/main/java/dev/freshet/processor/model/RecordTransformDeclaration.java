package dev.freshet.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A {@code @RecordTransform} method as written.
 *
 * @param method           the method
 * @param annotation       the annotation
 * @param parameter        the method's one parameter, or {@code null} if it has none or several
 * @param input            the parameter's record, or {@code null} if the parameter is missing or no record
 * @param inputComponents  the input record's components, as source components are read (name, Java type, value type)
 * @param result           how the method returns its output records
 * @param output           the output record {@code R}, or {@code null} if the return type has none
 * @param outputComponents the output record's components, read the same way
 */
public record RecordTransformDeclaration(ExecutableElement method, AnnotationMirror annotation,
        VariableElement parameter, TypeElement input, List<SourceComponent> inputComponents, Result result,
        TypeElement output, List<SourceComponent> outputComponents) {

    /** How a record transform returns its output records. */
    public enum Result {
        /** {@code R}: one output record per input record. */
        ONE,
        /** {@code Optional<R>}: none or one. */
        OPTIONAL,
        /** {@code List<R>}: none, one or many. */
        LIST,
        /** Anything else, which the validator refuses. */
        OTHER
    }

    /** Copies the lists. */
    public RecordTransformDeclaration {
        inputComponents = List.copyOf(inputComponents);
        outputComponents = List.copyOf(outputComponents);
    }

    /** The method as users read it in messages: {@code com.example.Owner.name(com.example.Transaction)}. */
    public String describe() {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return owner.getQualifiedName() + "." + method.getSimpleName() + "(" + String.join(", ",
                method.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")";
    }
}
