package dev.freshet.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.processor.generation.DatasetTransformReference;
import dev.freshet.processor.model.DatasetTransformDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Checks a feature set's whole-Dataset transform: that it has a transform (SQL, a {@code @RecordTransform} or one
 * {@code @DatasetTransform} method) and not both SQL and a Dataset transform; the method's shape (public, static, not
 * generic, no checked exceptions, {@code Dataset<Row>} in and out); and its output record, whose components become the
 * output columns ({@link OutputRecordCheck}): each of a type the store can hold, the key and timestamp columns among
 * them with their types. Shape errors sit on the method, component type errors on the component, a missing key or
 * timestamp on its literal. The value is the transform, or empty for a feature set that uses SQL or a record transform
 * alone ({@link RecordTransformValidator} checks that).
 */
public final class DatasetTransformValidator {

    /** The one Java type a Dataset transform takes and returns, as javac prints it. */
    static final String DATASET_OF_ROWS = "org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>";

    /**
     * A checked transform.
     *
     * @param spec    the transform, its invoker a reference for the spec writer
     * @param columns its output columns, in component order
     */
    public record Transform(DatasetTransformSpec spec, List<SqlAnalysis.Column> columns) {
    }

    /** A validator of Dataset transforms. */
    public DatasetTransformValidator() {}

    /** What is wrong with the transform {@code declaration} declares; the transform, if it has one, if nothing. */
    public ValidationReport<Optional<Transform>> validate(FeatureSetDeclaration declaration, KafkaSourceSpec source) {
        ValidationReport.Builder<Optional<Transform>> report = ValidationReport.about(declaration.element());
        List<DatasetTransformDeclaration> transforms = declaration.datasetTransforms();
        boolean sql = !declaration.sql().value().isEmpty();
        if (transforms.isEmpty()) {
            if (!sql && declaration.recordTransforms().isEmpty()) {
                report.error(declaration.sql(), Message.DATASET_NO_TRANSFORM, declaration.effectiveName(),
                        source.name(), declaration.element().getSimpleName(), source.declaringClass());
            }
            return report.build(Optional::empty);
        }
        DatasetTransformDeclaration t = transforms.get(0);
        if (sql) {
            report.error(declaration.sql(), Message.DATASET_AND_SQL, t.describe());
        }
        for (DatasetTransformDeclaration other : transforms.subList(1, transforms.size())) {
            report.error(other.method(), other.annotation(), null, Message.DATASET_TWO, other.describe(),
                    t.describe());
        }
        shape(report, t);
        List<SqlAnalysis.Column> columns = output(report, declaration, t);
        if (report.hasErrors()) {
            return report.build();
        }
        TypeElement owner = (TypeElement) t.method().getEnclosingElement();
        DatasetTransformSpec spec = new DatasetTransformSpec(t.describe(), t.record().getQualifiedName().toString(),
                new DatasetTransformReference(ClassName.get(owner),
                        t.method().getSimpleName().toString()));
        return report.build(() -> Optional.of(new Transform(spec, columns)));
    }

    private static final OutputRecordCheck OUTPUT = new OutputRecordCheck(Message.DATASET_OUTPUT_TYPE,
            Message.DATASET_OUTPUT_RESERVED, Message.DATASET_KEY_MISSING, Message.DATASET_KEY_TYPE,
            Message.DATASET_TIMESTAMP_MISSING, Message.DATASET_TIMESTAMP_TYPE);

    private static final StaticMethodShape SHAPE = new StaticMethodShape(Message.DATASET_NOT_STATIC,
            Message.DATASET_NOT_PUBLIC, Message.DATASET_GENERIC, Message.DATASET_CHECKED_EXCEPTION);

    private static void shape(ValidationReport.Builder<?> report, DatasetTransformDeclaration t) {
        ExecutableElement method = t.method();
        String described = t.describe();
        SHAPE.check(report, method, described);
        if (method.getParameters().size() != 1
                || !method.getParameters().get(0).asType().toString().equals(DATASET_OF_ROWS)) {
            report.error(method, null, null, Message.DATASET_PARAMETERS, described, String.join(", ",
                    method.getParameters().stream().map(p -> p.asType().toString()).toList()));
        }
        if (!method.getReturnType().toString().equals(DATASET_OF_ROWS)) {
            report.error(method, null, null, Message.DATASET_RETURN, described, method.getReturnType());
        }
    }

    private static List<SqlAnalysis.Column> output(ValidationReport.Builder<?> report,
            FeatureSetDeclaration declaration, DatasetTransformDeclaration t) {
        if (t.record() == null || t.record().getKind() != ElementKind.RECORD) {
            report.error(t.output(), Message.DATASET_OUTPUT_NOT_RECORD, t.describe(),
                    t.record() == null ? String.valueOf(t.output().value()) : t.record().getQualifiedName());
            return List.of();
        }
        return OUTPUT.check(report, declaration, t.record(), t.components());
    }
}
