package dev.freshet.processor.model;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.Backfill;
import dev.freshet.api.BackfillTransform;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.BatchSource;
import dev.freshet.api.ClusterTemplates;
import dev.freshet.api.DatasetTransform;
import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.KafkaSink;
import dev.freshet.api.KafkaSinks;
import dev.freshet.api.KafkaSource;
import dev.freshet.api.RecordTransform;
import dev.freshet.api.SourceField;
import dev.freshet.api.SourceFormat;
import dev.freshet.api.SqlFunction;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.StreamingFeatureSet;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads declarations from annotation mirrors (not from annotation proxies), keeping each value's
 * {@link AnnotationValue} so that errors point at the literal the user wrote. Reading never validates.
 */
public final class DeclarationReader {

    private final Elements elements;

    /** A reader using javac's {@code elements}. */
    public DeclarationReader(Elements elements) {
        this.elements = elements;
    }

    /** The {@code @KafkaSource} on {@code type}. */
    public SourceDeclaration source(TypeElement type) {
        AnnotationMirror a = mirror(type, KafkaSource.class).orElseThrow();
        List<SourceComponent> fields = new ArrayList<>();
        if (type.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement c : type.getRecordComponents()) {
                String column = c.getSimpleName().toString();
                Located<String> json = mirror(c, SourceField.class)
                        .map(f -> string(c, f, "json"))
                        .orElse(new Located<>(column, c, null, null));
                fields.add(new SourceComponent(c, column, json, valueType(c.asType()), c.asType().toString()));
            }
        }
        List<TimestampEncoding> encodings = new ArrayList<>();
        for (Located<String> e : strings(type, a, "timestampEncodings")) {
            encodings.add(TimestampEncoding.valueOf(e.value()));
        }
        return new SourceDeclaration(type, a, string(type, a, "name"), strings(type, a, "topics"),
                SourceFormat.valueOf(enumName(a, "format")), StartingOffsets.valueOf(enumName(a, "startingOffsets")),
                encodings, whole(type, a, "timestampEncodings"), fields, string(type, a, "bootstrapServers"),
                string(type, a, "connection"), security(type, a));
    }

    /** The {@code @BatchSource} on {@code type}. */
    public BatchSourceDeclaration batchSource(TypeElement type) {
        AnnotationMirror a = mirror(type, BatchSource.class).orElseThrow();
        return new BatchSourceDeclaration(type, a, string(type, a, "name"),
                BatchFormat.valueOf(enumName(a, "format")), string(type, a, "path"), string(type, a, "table"),
                string(type, a, "timestampColumn"), strings(type, a, "options"), components(type, false));
    }

    /**
     * The {@code @StreamingFeatureSet} (and {@code @FeatureSetMetadata}, {@code @Backfill}, {@code @KafkaSink}s and
     * {@code @ClusterTemplates}) on {@code type}.
     */
    public FeatureSetDeclaration featureSet(TypeElement type) {
        AnnotationMirror a = mirror(type, StreamingFeatureSet.class).orElseThrow();
        Optional<AnnotationMirror> metadata = mirror(type, FeatureSetMetadata.class);
        return new FeatureSetDeclaration(type, a,
                string(type, a, "name"),
                strings(type, a, "key"),
                whole(type, a, "key"),
                string(type, a, "source"),
                string(type, a, "timestamp"),
                string(type, a, "sql"),
                string(type, a, "onlineTrigger"),
                string(type, a, "offlineSchedule"),
                string(type, a, "onlineTtl"),
                aggregates(type, a),
                whole(type, a, "aggregations"),
                strings(type, a, "windows"),
                string(type, a, "tileSize"),
                string(type, a, "allowedLateness"),
                string(type, a, "maxEventTimeSkew"),
                metadata.map(m -> string(type, m, "owner").value()).orElse(""),
                metadata.map(m -> string(type, m, "description").value()).orElse(""),
                metadata.map(m -> string(type, m, "displayName").value()).orElse(""),
                metadata.map(m -> strings(type, m, "tags")).orElse(List.of()),
                datasetTransforms(type),
                recordTransforms(type),
                mirror(type, Backfill.class).map(b -> backfill(type, b)),
                backfillTransforms(type),
                sinks(type),
                mirror(type, ClusterTemplates.class).map(t -> new ClusterTemplatesDeclaration(t,
                        constant(type, t, "online"), constant(type, t, "offline"), constant(type, t, "backfill"))));
    }

    /** The {@code @KafkaSink}s on {@code type}, written once or repeated (in their container), in order. */
    private List<SinkDeclaration> sinks(TypeElement type) {
        List<AnnotationMirror> mirrors = new ArrayList<>();
        mirror(type, KafkaSink.class).ifPresent(mirrors::add);
        mirror(type, KafkaSinks.class).ifPresent(container -> {
            for (Object item : (List<?>) withDefaults(container, "value").getValue()) {
                mirrors.add((AnnotationMirror) ((AnnotationValue) item).getValue());
            }
        });
        List<SinkDeclaration> result = new ArrayList<>();
        for (AnnotationMirror a : mirrors) {
            result.add(new SinkDeclaration(a, string(type, a, "name"), string(type, a, "topic"),
                    string(type, a, "bootstrapServers"), string(type, a, "connection"), constant(type, a, "format"),
                    constant(type, a, "attachment"), security(type, a)));
        }
        return result;
    }

    /** The {@code @KafkaSecurity} of the sink or source {@code a} on {@code type}, as written or its default. */
    private SecurityDeclaration security(TypeElement type, AnnotationMirror a) {
        AnnotationValue security = explicit(a, "security");
        AnnotationMirror s = (AnnotationMirror) (security != null ? security : withDefaults(a, "security")).getValue();
        return new SecurityDeclaration(s, constant(type, s, "protocol"), constant(type, s, "saslMechanism"),
                string(type, s, "usernameSecret"), string(type, s, "passwordSecret"),
                string(type, s, "truststoreSecret"), string(type, s, "truststorePasswordSecret"),
                string(type, s, "keystoreSecret"), string(type, s, "keystorePasswordSecret"));
    }

    /** The {@code @BackfillTransform} methods {@code type} declares, in declaration order. */
    private List<BackfillTransformDeclaration> backfillTransforms(TypeElement type) {
        List<BackfillTransformDeclaration> result = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            mirror(method, BackfillTransform.class).ifPresent(a -> result.add(new BackfillTransformDeclaration(method,
                    a)));
        }
        return result;
    }

    private BackfillDeclaration backfill(TypeElement type, AnnotationMirror a) {
        List<BackfillDeclaration.Source> sources = new ArrayList<>();
        AnnotationValue explicit = explicit(a, "sources");
        if (explicit != null) {
            for (Object item : (List<?>) explicit.getValue()) {
                AnnotationMirror s = (AnnotationMirror) ((AnnotationValue) item).getValue();
                sources.add(new BackfillDeclaration.Source(string(type, s, "name"), string(type, s, "start"),
                        string(type, s, "end")));
            }
        }
        return new BackfillDeclaration(a, string(type, a, "start"), string(type, a, "end"), sources,
                whole(type, a, "sources"), string(type, a, "sql"));
    }

    /** The {@code @DatasetTransform} methods {@code type} declares, in declaration order. */
    private List<DatasetTransformDeclaration> datasetTransforms(TypeElement type) {
        List<DatasetTransformDeclaration> result = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> a = mirror(method, DatasetTransform.class);
            if (a.isEmpty()) {
                continue;
            }
            Located<Object> output = whole(method, a.get(), "output");
            TypeElement record = output.value() instanceof DeclaredType d && d.asElement() instanceof TypeElement t
                    ? t : null;
            result.add(new DatasetTransformDeclaration(method, a.get(), output, record, components(record, false)));
        }
        return result;
    }

    /** The {@code @RecordTransform} methods {@code type} declares, in declaration order. */
    private List<RecordTransformDeclaration> recordTransforms(TypeElement type) {
        List<RecordTransformDeclaration> result = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> a = mirror(method, RecordTransform.class);
            if (a.isEmpty()) {
                continue;
            }
            VariableElement parameter = method.getParameters().size() == 1 ? method.getParameters().get(0) : null;
            TypeElement input = parameter == null ? null : record(parameter.asType());
            RecordTransformDeclaration.Result kind = RecordTransformDeclaration.Result.ONE;
            TypeMirror returned = method.getReturnType();
            if (returned instanceof DeclaredType d && d.getTypeArguments().size() == 1
                    && d.asElement() instanceof TypeElement container) {
                String name = container.getQualifiedName().toString();
                if (name.equals("java.util.Optional") || name.equals("java.util.List")) {
                    kind = name.equals("java.util.List") ? RecordTransformDeclaration.Result.LIST
                            : RecordTransformDeclaration.Result.OPTIONAL;
                    returned = d.getTypeArguments().get(0);
                }
            }
            TypeElement output = record(returned);
            if (output == null) {
                kind = RecordTransformDeclaration.Result.OTHER;
            }
            // The input may come from the SQL, whose decimal columns a BigDecimal component receives.
            result.add(new RecordTransformDeclaration(method, a.get(), parameter, input, components(input, true),
                    kind, output, components(output, false)));
        }
        return result;
    }

    /** The record {@code type} names, or {@code null} if it names no record. */
    private static TypeElement record(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement() instanceof TypeElement t
                && t.getKind() == ElementKind.RECORD ? t : null;
    }

    /**
     * The components of {@code record} (none if it is {@code null} or no record), read as source components are;
     * {@code decimals} maps {@code java.math.BigDecimal} to {@link ValueType#DECIMAL}, which a source cannot read.
     */
    private static List<SourceComponent> components(TypeElement record, boolean decimals) {
        List<SourceComponent> components = new ArrayList<>();
        if (record != null && record.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement c : record.getRecordComponents()) {
                String column = c.getSimpleName().toString();
                ValueType type = decimals && c.asType().toString().equals("java.math.BigDecimal") ? ValueType.DECIMAL
                        : valueType(c.asType());
                components.add(new SourceComponent(c, column, new Located<>(column, c, null, null), type,
                        c.asType().toString()));
            }
        }
        return components;
    }

    /** The {@code @SqlFunction} on {@code method}. */
    public FunctionDeclaration function(ExecutableElement method) {
        AnnotationMirror a = mirror(method, SqlFunction.class).orElseThrow();
        return new FunctionDeclaration(method, a, string(method, a, "value"));
    }

    private List<AggregateDeclaration> aggregates(TypeElement type, AnnotationMirror a) {
        AnnotationValue explicit = explicit(a, "aggregations");
        List<AggregateDeclaration> result = new ArrayList<>();
        if (explicit == null) {
            return result;
        }
        for (Object item : (List<?>) explicit.getValue()) {
            AnnotationMirror aggregate = (AnnotationMirror) ((AnnotationValue) item).getValue();
            AnnotationValue function = explicit(aggregate, "function");
            result.add(new AggregateDeclaration(
                    new Located<>(AggregateFunction.valueOf(enumName(aggregate, "function")), type, aggregate,
                            function),
                    string(type, aggregate, "column"),
                    string(type, aggregate, "alias")));
        }
        return result;
    }

    /** Whether {@code type} mentions types javac could not resolve yet (perhaps generated in a later round). */
    public static boolean hasUnresolvedTypes(TypeElement type) {
        if (type.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement c : type.getRecordComponents()) {
                if (c.asType().getKind() == TypeKind.ERROR) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<AnnotationMirror> mirror(Element element, Class<?> annotation) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            TypeElement t = (TypeElement) m.getAnnotationType().asElement();
            if (t.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private Located<String> string(Element element, AnnotationMirror a, String attribute) {
        AnnotationValue explicit = explicit(a, attribute);
        AnnotationValue value = explicit != null ? explicit : withDefaults(a, attribute);
        return new Located<>((String) value.getValue(), element, a, explicit);
    }

    private List<Located<String>> strings(Element element, AnnotationMirror a, String attribute) {
        AnnotationValue explicit = explicit(a, attribute);
        AnnotationValue value = explicit != null ? explicit : withDefaults(a, attribute);
        List<Located<String>> result = new ArrayList<>();
        for (Object item : (List<?>) value.getValue()) {
            AnnotationValue v = (AnnotationValue) item;
            Object raw = v.getValue();
            String text = raw instanceof VariableElement constant ? constant.getSimpleName().toString() : (String) raw;
            result.add(new Located<>(text, element, a, explicit != null ? v : null));
        }
        return result;
    }

    private Located<Object> whole(Element element, AnnotationMirror a, String attribute) {
        AnnotationValue explicit = explicit(a, attribute);
        return new Located<>(explicit == null ? null : explicit.getValue(), element, a, explicit);
    }

    /** An enum attribute's constant name, where it is written. */
    private Located<String> constant(Element element, AnnotationMirror a, String attribute) {
        return new Located<>(enumName(a, attribute), element, a, explicit(a, attribute));
    }

    private String enumName(AnnotationMirror a, String attribute) {
        AnnotationValue explicit = explicit(a, attribute);
        if (explicit != null) {
            return ((VariableElement) explicit.getValue()).getSimpleName().toString();
        }
        try {
            return ((VariableElement) withDefaults(a, attribute).getValue()).getSimpleName().toString();
        } catch (UnsupportedOperationException notResolvedYet) {
            // javac reads an enum default from a class file as a proxy and resolves it only when it next flushes its
            // annotation queue, which it does not do while processors run: an annotation type first completed by
            // the processor (a default @KafkaSecurity nobody wrote) still holds the proxy. The default is the one
            // of the annotation interface this processor was built with, the same API.
            return defaultOf(a, attribute);
        }
    }

    /** The constant name of the default of the enum {@code attribute} of {@code a}'s type, as compiled in the API. */
    private static String defaultOf(AnnotationMirror a, String attribute) {
        String type = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
        try {
            Class<?> annotation = Class.forName(type, false, DeclarationReader.class.getClassLoader());
            return ((Enum<?>) annotation.getMethod(attribute).getDefaultValue()).name();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("annotation " + type + " has no enum attribute " + attribute
                    + " on the processor's class path", e);
        }
    }

    private static AnnotationValue explicit(AnnotationMirror a, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : a.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        return null;
    }

    private AnnotationValue withDefaults(AnnotationMirror a, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(a).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("annotation " + a + " has no attribute " + attribute);
    }

    /** The value type of a record component's Java type, or {@code null} if Freshet cannot read it. */
    static ValueType valueType(TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN:
                return ValueType.BOOLEAN;
            case INT:
                return ValueType.INT;
            case LONG:
                return ValueType.LONG;
            case FLOAT:
                return ValueType.FLOAT;
            case DOUBLE:
                return ValueType.DOUBLE;
            case DECLARED:
                String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
                return switch (name) {
                    case "java.lang.String" -> ValueType.STRING;
                    case "java.lang.Boolean" -> ValueType.BOOLEAN;
                    case "java.lang.Integer" -> ValueType.INT;
                    case "java.lang.Long" -> ValueType.LONG;
                    case "java.lang.Float" -> ValueType.FLOAT;
                    case "java.lang.Double" -> ValueType.DOUBLE;
                    case "java.time.Instant" -> ValueType.TIMESTAMP;
                    case "java.time.LocalDate" -> ValueType.DATE;
                    default -> null;
                };
            default:
                return null;
        }
    }
}
