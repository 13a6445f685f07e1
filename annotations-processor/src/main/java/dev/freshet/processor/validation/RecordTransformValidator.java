package dev.freshet.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.generation.RecordTransformReference;
import dev.freshet.processor.generation.RecordTransformWriter;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.RecordTransformDeclaration;
import dev.freshet.processor.model.SourceComponent;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Checks a feature set's typed record transform, its one {@code @RecordTransform} method: that it is the only Java
 * transform; its shape (public, static, not generic, no checked exceptions); its one parameter, a record that is the
 * source's record when the feature set has no SQL, or whose components are exactly the SQL's output columns by name
 * and type when it has; its return type ({@code R}, {@code Optional<R>} or {@code List<R>}, {@code R} a record); and
 * the output record, checked as a Dataset transform's ({@link OutputRecordCheck}), whose components become the output
 * columns. Shape and return errors sit on the method, input errors on the parameter or on the input component, output
 * errors on the output component or on the key or timestamp literal. A primitive input component fed by a nullable
 * SQL column is allowed: the engine dead-letters a null for it at run time, so the spec lists those components.
 */
public final class RecordTransformValidator {

    /**
     * A checked transform.
     *
     * @param spec    the transform, its invoker a {@link RecordTransformReference} for the writers
     * @param columns its output columns, in the output record's component order
     */
    public record Transform(RecordTransformSpec spec, List<SqlAnalysis.Column> columns) {
    }

    private static final StaticMethodShape SHAPE = new StaticMethodShape(Message.RECORD_NOT_STATIC,
            Message.RECORD_NOT_PUBLIC, Message.RECORD_GENERIC, Message.RECORD_CHECKED_EXCEPTION);

    private static final OutputRecordCheck OUTPUT = new OutputRecordCheck(Message.RECORD_OUTPUT_TYPE,
            Message.RECORD_OUTPUT_RESERVED, Message.RECORD_KEY_MISSING, Message.RECORD_KEY_TYPE,
            Message.RECORD_TIMESTAMP_MISSING, Message.RECORD_TIMESTAMP_TYPE);

    /** A validator of record transforms. */
    public RecordTransformValidator() {}

    /**
     * What is wrong with the record transform {@code declaration} declares (it must declare one), reading
     * {@code source}, after SQL whose output is {@code sqlColumns} or, if that is {@code null}, on the source's
     * records; the transform if nothing.
     */
    public ValidationReport<Transform> validate(FeatureSetDeclaration declaration, KafkaSourceSpec source,
            List<SqlAnalysis.Column> sqlColumns) {
        ValidationReport.Builder<Transform> report = ValidationReport.about(declaration.element());
        List<RecordTransformDeclaration> transforms = declaration.recordTransforms();
        RecordTransformDeclaration t = transforms.get(0);
        for (RecordTransformDeclaration other : transforms.subList(1, transforms.size())) {
            report.error(other.method(), other.annotation(), null, Message.RECORD_TWO, other.describe(),
                    t.describe());
        }
        if (!declaration.datasetTransforms().isEmpty()) {
            report.error(t.method(), t.annotation(), null, Message.RECORD_AND_DATASET, t.describe(),
                    declaration.datasetTransforms().get(0).describe());
        }
        SHAPE.check(report, t.method(), t.describe());
        String generatedIn = packageOf(declaration.element());
        input(report, t, source, sqlColumns, generatedIn);
        List<SqlAnalysis.Column> columns = List.of();
        if (t.result() == RecordTransformDeclaration.Result.OTHER) {
            report.error(t.method(), null, null, Message.RECORD_RETURN, t.describe(), t.method().getReturnType());
        } else {
            if (!accessibleFrom(t.output(), generatedIn)) {
                report.error(t.method(), null, null, Message.RECORD_NOT_ACCESSIBLE, "output",
                        t.output().getQualifiedName(), t.describe(), generatedIn);
            }
            columns = OUTPUT.check(report, declaration, t.output(), t.outputComponents());
        }
        if (report.hasErrors()) {
            return report.build();
        }
        List<SqlAnalysis.Column> output = columns;
        return report.build(() -> new Transform(spec(declaration, t), output));
    }

    /** Reports what is wrong with the method's parameter and input record. */
    private static void input(ValidationReport.Builder<?> report, RecordTransformDeclaration t,
            KafkaSourceSpec source, List<SqlAnalysis.Column> sqlColumns, String generatedIn) {
        ExecutableElement method = t.method();
        if (t.parameter() == null) {
            report.error(method, null, null, Message.RECORD_PARAMETERS, t.describe(), String.join(", ",
                    method.getParameters().stream().map(p -> p.asType().toString()).toList()));
            return;
        }
        if (t.input() == null) {
            report.error(t.parameter(), null, null, Message.RECORD_PARAMETER_NOT_RECORD, t.parameter().getSimpleName(),
                    t.describe(), t.parameter().asType());
            return;
        }
        String record = t.input().getQualifiedName().toString();
        if (!accessibleFrom(t.input(), generatedIn)) {
            report.error(t.parameter(), null, null, Message.RECORD_NOT_ACCESSIBLE, "input", record, t.describe(),
                    generatedIn);
        }
        if (sqlColumns == null) {
            if (!record.equals(source.declaringClass())) {
                report.error(t.parameter(), null, null, Message.RECORD_INPUT_NOT_SOURCE, t.describe(), record,
                        source.name(), source.declaringClass(), record);
            }
            return;
        }
        List<String> unmatchedColumns = new ArrayList<>();
        for (SqlAnalysis.Column c : sqlColumns) {
            if (component(t.inputComponents(), c.name()).isEmpty()) {
                unmatchedColumns.add(c.name());
            }
        }
        List<String> extraComponents = t.inputComponents().stream().map(SourceComponent::column)
                .filter(n -> sqlColumns.stream().noneMatch(c -> c.name().equals(n))).toList();
        List<String> columnNames = sqlColumns.stream().map(SqlAnalysis.Column::name).toList();
        for (SqlAnalysis.Column c : sqlColumns) {
            Optional<SourceComponent> component = component(t.inputComponents(), c.name());
            if (component.isEmpty()) {
                report.error(t.parameter(), null, null, Message.RECORD_INPUT_MISSING, c.name(), c.sparkType(), record,
                        Message.didYouMean(DidYouMean.closest(c.name(), extraComponents)), c.name(),
                        javaType(c.type()));
            } else if (component.get().type() != c.type()) {
                report.error(SourceValidator.locatable(component.get()), null, null, Message.RECORD_INPUT_TYPE,
                        c.name(), record, component.get().javaType(), c.sparkType(), javaType(c.type()));
            }
        }
        for (SourceComponent c : t.inputComponents()) {
            if (extraComponents.contains(c.column())) {
                report.error(SourceValidator.locatable(c), null, null, Message.RECORD_INPUT_EXTRA, c.column(), record,
                        Message.didYouMean(DidYouMean.closest(c.column(), unmatchedColumns)),
                        String.join(", ", columnNames));
            }
        }
    }

    private static RecordTransformSpec spec(FeatureSetDeclaration declaration, RecordTransformDeclaration t) {
        TypeElement owner = (TypeElement) t.method().getEnclosingElement();
        RecordTransformReference invoker = new RecordTransformReference(
                RecordTransformWriter.invokerName(declaration.element()), ClassName.get(owner),
                t.method().getSimpleName().toString(), ClassName.get(t.input()),
                t.inputComponents().stream().map(c -> TypeName.get(c.element().asType())).toList(), t.result(),
                ClassName.get(t.output()), t.outputComponents().stream().map(SourceComponent::column).toList());
        return new RecordTransformSpec(t.describe(), t.input().getQualifiedName().toString(),
                t.output().getQualifiedName().toString(),
                t.inputComponents().stream().map(c -> new ColumnSpec(c.column(), c.type())).toList(),
                t.inputComponents().stream().filter(c -> c.element().asType().getKind().isPrimitive())
                        .map(SourceComponent::column).toList(),
                invoker);
    }

    /**
     * The Java types a component fed by a column of {@code type} may have, for messages (the SQL's output columns all
     * have a value type once {@link SqlValidator#output} passed them).
     */
    private static String javaType(ValueType type) {
        return switch (type) {
            case STRING -> "String";
            case BOOLEAN -> "boolean (or Boolean)";
            case INT -> "int (or Integer)";
            case LONG -> "long (or Long)";
            case FLOAT -> "float (or Float)";
            case DOUBLE -> "double (or Double)";
            case DECIMAL -> "java.math.BigDecimal";
            case DATE -> "java.time.LocalDate";
            case TIMESTAMP -> "java.time.Instant";
        };
    }

    /** Whether code generated in package {@code pkg} can name {@code type} and call its constructor and accessors. */
    private static boolean accessibleFrom(TypeElement type, String pkg) {
        for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)
                    || !t.getModifiers().contains(Modifier.PUBLIC) && !packageOf(t).equals(pkg)) {
                return false;
            }
        }
        return true;
    }

    private static String packageOf(Element element) {
        Element e = element;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return ((PackageElement) e).getQualifiedName().toString();
    }

    private static Optional<SourceComponent> component(List<SourceComponent> components, String name) {
        return components.stream().filter(c -> c.column().equals(name)).findFirst();
    }
}
