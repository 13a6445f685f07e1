package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @BackfillTransform} method as written.
 *
 * @param method     the method
 * @param annotation the annotation
 */
public record BackfillTransformDeclaration(ExecutableElement method, AnnotationMirror annotation) {

    /** The method as users read it in messages: {@code com.example.Owner.name(SparkSession)}. */
    public String describe() {
        return DatasetTransformDeclaration.describe(method);
    }
}
