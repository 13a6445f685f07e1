package dev.freshet.processor;

import dev.freshet.api.SqlFunction;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.processor.generation.InvokerWriter;
import dev.freshet.processor.model.DeclarationReader;
import dev.freshet.processor.model.FunctionDeclaration;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.validation.FunctionValidator;
import dev.freshet.processor.validation.Functions;
import dev.freshet.processor.validation.Message;
import dev.freshet.processor.validation.ValidationReport;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Validates the {@code @SqlFunction} methods of each class, adds them to the compilation's {@link Functions} (valid or
 * not) and generates the class's invoker enum ({@link InvokerWriter}) for its valid functions.
 */
final class SqlFunctionStep implements ProcessingStep {

    private final Messager messager;
    private final Filer filer;
    private final DeclarationReader reader;
    private final Functions functions;
    private FunctionValidator validator;

    SqlFunctionStep(Messager messager, Filer filer, DeclarationReader reader, Functions functions) {
        this.messager = messager;
        this.filer = filer;
        this.reader = reader;
        this.functions = functions;
    }

    @Override
    public Class<? extends Annotation> annotation() {
        return SqlFunction.class;
    }

    /** The classes declaring {@code @SqlFunction} methods in this round. */
    @Override
    public List<TypeElement> types(RoundEnvironment round) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(SqlFunction.class))) {
            owners.add((TypeElement) m.getEnclosingElement());
        }
        return new ArrayList<>(owners);
    }

    @Override
    public List<TypeElement> process(List<TypeElement> elements, boolean lastRound) {
        for (TypeElement type : elements) {
            ProcessingStep.guarded(messager, type, () -> process(type));
        }
        return List.of();
    }

    private void process(TypeElement type) {
        List<InvokerWriter.Function> valid = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getAnnotation(SqlFunction.class) == null) {
                continue;
            }
            FunctionDeclaration declaration = reader.function(method);
            String name = declaration.name().value();
            Optional<Functions.Declared> previous = functions.get(name);
            if (previous.isPresent() && !previous.get().method().equals(method)) {
                ValidationReport.about(method)
                        .error(declaration.name(), Message.FUNCTION_NAME_DUPLICATE, name,
                                describe(previous.get().method()))
                        .build().printTo(messager);
                continue;
            }
            ValidationReport<SqlFunctionSpec> report = validator().validate(declaration);
            report.printTo(messager);
            functions.add(name, method, report.value());
            report.value().ifPresent(spec -> valid.add(new InvokerWriter.Function(method, spec)));
        }
        if (valid.isEmpty()) {
            return;
        }
        try {
            InvokerWriter.render(type, valid).writeTo(filer);
        } catch (IOException e) {
            Element first = valid.get(0).method();
            ValidationReport.about(first)
                    .error(first, null, null, Message.FUNCTION_INVOKER_NOT_WRITTEN,
                            InvokerWriter.invokerName(type).canonicalName(), e.getMessage())
                    .build().printTo(messager);
        }
    }

    private static String describe(ExecutableElement method) {
        return ((TypeElement) method.getEnclosingElement()).getQualifiedName() + "." + method.getSimpleName();
    }

    /** The validator, created on first use: it asks Spark's analyzer for the built-in names. */
    private FunctionValidator validator() {
        if (validator == null) {
            SparkSqlAnalyzer analyzer = SparkSqlAnalyzer.shared();
            validator = new FunctionValidator(analyzer::isBuiltin);
        }
        return validator;
    }
}
