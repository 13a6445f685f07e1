package dev.freshet.processor;

import dev.freshet.api.StreamingFeatureSet;
import dev.freshet.processor.validation.Message;
import dev.freshet.processor.validation.ValidationReport;
import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Refuses a transform method ({@code @DatasetTransform}, {@code @RecordTransform} or {@code @BackfillTransform}, one
 * step each) outside a
 * {@code @StreamingFeatureSet} class, which nothing would call. The methods of feature-set classes are checked with
 * their feature set ({@link FeatureSetStep}).
 */
final class TransformMethodStep implements ProcessingStep {

    private final Messager messager;
    private final Class<? extends Annotation> annotation;
    private final Message outside;

    /**
     * The step for methods annotated with {@code annotation}, refused with {@code outside} (given the method and its
     * class's simple name).
     */
    TransformMethodStep(Messager messager, Class<? extends Annotation> annotation, Message outside) {
        this.messager = messager;
        this.annotation = annotation;
        this.outside = outside;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return annotation;
    }

    @Override
    public List<TypeElement> types(RoundEnvironment round) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
            if (m.getEnclosingElement() instanceof TypeElement t
                    && t.getAnnotation(StreamingFeatureSet.class) == null) {
                owners.add(t);
            }
        }
        return List.copyOf(owners);
    }

    @Override
    public List<TypeElement> process(List<TypeElement> elements, boolean lastRound) {
        for (TypeElement type : elements) {
            ProcessingStep.guarded(messager, type, () -> {
                ValidationReport.Builder<Void> report = ValidationReport.about(type);
                for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
                    if (m.getAnnotation(annotation) != null) {
                        report.error(m, null, null, outside, type.getQualifiedName() + "." + m.getSimpleName(),
                                type.getSimpleName());
                    }
                }
                report.build().printTo(messager);
            });
        }
        return List.of();
    }
}
