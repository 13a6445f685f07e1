package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * A value read from an annotation, with where it was written, so that an error about it points at the literal.
 *
 * @param value      the value
 * @param element    the annotated element
 * @param annotation the annotation
 * @param source     the annotation value (an array element for array attributes); {@code null} when the attribute
 *                   took its default, in which case errors point at the annotation
 * @param <T>        the value's type
 */
public record Located<T>(T value, Element element, AnnotationMirror annotation, AnnotationValue source) {
}
