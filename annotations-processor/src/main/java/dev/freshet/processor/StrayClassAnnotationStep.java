package dev.freshet.processor;

import dev.freshet.api.Backfill;
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
 * Refuses a {@code @Backfill} on a type without {@code @StreamingFeatureSet}, which no feature set would run. The
 * backfills of feature-set classes are checked with their feature set ({@link FeatureSetStep}).
 */
final class StrayBackfillStep implements ProcessingStep {

    private final Messager messager;

    StrayBackfillStep(Messager messager) {
        this.messager = messager;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return Backfill.class;
    }

    @Override
    public List<TypeElement> types(RoundEnvironment round) {
        return ElementFilter.typesIn(round.getElementsAnnotatedWith(Backfill.class)).stream()
                .filter(t -> t.getAnnotation(StreamingFeatureSet.class) == null).toList();
    }

    @Override
    public List<TypeElement> process(List<TypeElement> elements, boolean lastRound) {
        for (TypeElement type : elements) {
            ProcessingStep.guarded(messager, type, () -> {
                AnnotationMirror backfill = type.getAnnotationMirrors().stream()
                        .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
                                .contentEquals(Backfill.class.getCanonicalName()))
                        .findFirst().orElseThrow();
                ValidationReport.about(type)
                        .error(type, backfill, null, Message.BACKFILL_OUTSIDE_FEATURE_SET, type.getQualifiedName(),
                                type.getSimpleName())
                        .build().printTo(messager);
            });
        }
        return List.of();
    }
}
