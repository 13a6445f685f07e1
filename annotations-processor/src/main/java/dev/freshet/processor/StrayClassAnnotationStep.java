package dev.freshet.processor;

import dev.freshet.api.StreamingFeatureSet;
import dev.freshet.processor.validation.Message;
import dev.freshet.processor.validation.ValidationReport;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Refuses a feature-set class annotation, such as {@code @Backfill} or {@code @ClusterTemplates}, on a type without
 * {@code @StreamingFeatureSet}, where no feature set would use it. The annotations of feature-set classes are checked
 * with their feature set ({@link FeatureSetStep}).
 */
final class StrayClassAnnotationStep implements ProcessingStep {

    private final Messager messager;
    private final Class<? extends Annotation> annotation;
    private final Message message;

    /**
     * A step refusing {@code annotation} outside feature-set classes with {@code message}, whose arguments are the
     * type's qualified and simple names.
     */
    StrayClassAnnotationStep(Messager messager, Class<? extends Annotation> annotation, Message message) {
        this.messager = messager;
        this.annotation = annotation;
        this.message = message;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return annotation;
    }

    @Override
    public List<TypeElement> types(RoundEnvironment round) {
        return ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)).stream()
                .filter(t -> t.getAnnotation(StreamingFeatureSet.class) == null).toList();
    }

    @Override
    public List<TypeElement> process(List<TypeElement> elements, boolean lastRound) {
        for (TypeElement type : elements) {
            ProcessingStep.guarded(messager, type, () -> {
                AnnotationMirror stray = type.getAnnotationMirrors().stream()
                        .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
                                .contentEquals(annotation.getCanonicalName()))
                        .findFirst().orElseThrow();
                ValidationReport.about(type)
                        .error(type, stray, null, message, type.getQualifiedName(), type.getSimpleName())
                        .build().printTo(messager);
            });
        }
        return List.of();
    }
}
