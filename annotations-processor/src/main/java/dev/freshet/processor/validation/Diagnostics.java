package dev.freshet.processor.validation;

import dev.freshet.processor.model.Located;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The only way the processor reports: every error names a {@link Message} and sits on the exact element, annotation
 * and value (javac then points at the literal). Counts errors so callers know whether to generate anything.
 */
public final class Diagnostics {

    private final Messager messager;
    private int errors;

    /** Diagnostics reported through javac's {@code messager}. */
    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** Reports an error on the value {@code at}. */
    public void error(Located<?> at, Message message, Object... args) {
        error(at.element(), at.annotation(), at.source(), message, args);
    }

    /** Reports an error on an element, annotation and value (the last two may be null). */
    public void error(Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
            Object... args) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
    }

    /** Errors reported so far. */
    public int errors() {
        return errors;
    }
}
