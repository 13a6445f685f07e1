package dev.freshet.processor;

import dev.freshet.api.BatchSource;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.processor.model.BatchSourceDeclaration;
import dev.freshet.processor.model.DeclarationReader;
import dev.freshet.processor.validation.BatchSourceValidator;
import dev.freshet.processor.validation.Message;
import dev.freshet.processor.validation.Sources;
import dev.freshet.processor.validation.ValidationReport;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.TypeElement;

/**
 * Validates each {@code @BatchSource} and adds it to the compilation's {@link Sources}, valid or not. A name already
 * taken by another batch source or by a Kafka source is an error on the later declaration, which is then not added.
 * A record whose components mention types javac cannot resolve yet waits for a later round, as Kafka sources do.
 */
final class BatchSourceStep implements ProcessingStep {

    private final Messager messager;
    private final DeclarationReader reader;
    private final Sources sources;
    private final BatchSourceValidator validator = new BatchSourceValidator();

    BatchSourceStep(Messager messager, DeclarationReader reader, Sources sources) {
        this.messager = messager;
        this.reader = reader;
        this.sources = sources;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return BatchSource.class;
    }

    @Override
    public List<TypeElement> process(List<TypeElement> elements, boolean lastRound) {
        return ProcessingStep.whenResolved(messager, elements, lastRound, type -> add(reader.batchSource(type)));
    }

    private void add(BatchSourceDeclaration declaration) {
        String name = declaration.name().value();
        Optional<TypeElement> previous = sources.batch(name).map(Sources.Declared::element)
                .filter(e -> !e.equals(declaration.element()));
        Optional<TypeElement> kafka = sources.get(name).map(Sources.Declared::element);
        if (previous.isPresent() || kafka.isPresent()) {
            ValidationReport.about(declaration.element())
                    .error(declaration.name(), previous.isPresent() ? Message.BATCH_SOURCE_DUPLICATE
                            : Message.BATCH_SOURCE_NAME_OF_KAFKA_SOURCE, name,
                            previous.or(() -> kafka).orElseThrow().getQualifiedName())
                    .build().printTo(messager);
            return;
        }
        ValidationReport<BatchSourceSpec> report = validator.validate(declaration);
        report.printTo(messager);
        sources.addBatch(name, declaration.element(), report.value());
    }
}
