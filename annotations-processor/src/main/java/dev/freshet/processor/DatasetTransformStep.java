package dev.freshet.processor;

import dev.freshet.api.DatasetTransform;
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
 * Refuses a {@code @DatasetTransform} method outside a {@code @StreamingFeatureSet} class, which nothing would call.
 * The methods of feature-set classes are checked with their feature set ({@link FeatureSetStep}).
 */
final class DatasetTransformStep implements ProcessingStep {

    private final Messager messager;

    DatasetTransformStep(Messager messager) {
        this.messager = messager;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return DatasetTransform.class;
    }

    @Override
    public List<TypeElement> types(RoundEnvironment round) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(DatasetTransform.class))) {
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
                    if (m.getAnnotation(DatasetTransform.class) != null) {
                        report.error(m, null, null, Message.DATASET_OUTSIDE_FEATURE_SET, type.getQualifiedName() + "."
                                + m.getSimpleName(), type.getSimpleName());
                    }
                }
                report.build().printTo(messager);
            });
        }
        return List.of();
    }
}
