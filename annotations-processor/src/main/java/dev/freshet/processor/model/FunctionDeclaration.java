package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @SqlFunction} method as written.
 *
 * @param method     the annotated method
 * @param annotation the annotation
 * @param name       the SQL name, with its literal
 */
public record FunctionDeclaration(ExecutableElement method, AnnotationMirror annotation, Located<String> name) {

    /** The method as messages name it: {@code Pages.normalizePage(java.lang.String)}. */
    public String describe() {
        return describe(method);
    }

    /** A {@code @SqlFunction} method as messages name it: {@code Pages.normalizePage(java.lang.String)}. */
    public static String describe(ExecutableElement method) {
        StringBuilder b = new StringBuilder(method.getEnclosingElement().getSimpleName()).append('.')
                .append(method.getSimpleName()).append('(');
        for (int i = 0; i < method.getParameters().size(); i++) {
            b.append(i == 0 ? "" : ", ").append(method.getParameters().get(i).asType());
        }
        return b.append(')').toString();
    }
}
