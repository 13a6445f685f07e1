package dev.freshet.processor.validation;

import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.catalyst.ScalaFunctions;
import dev.freshet.processor.generation.InvokerReference;
import dev.freshet.processor.generation.InvokerWriter;
import dev.freshet.processor.model.FunctionDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks one {@code @SqlFunction} method: its SQL name (an identifier, not a Spark built-in), its shape (public,
 * static, not generic, no checked exceptions, at most {@value #MAX_PARAMETERS} parameters) and that every parameter
 * and the result have a Spark SQL type. Name errors sit on the annotation's value, type errors on the parameter, shape
 * errors on the method. The value is the function's spec, whose invoker refers to the enum constant that
 * {@link InvokerWriter} generates.
 */
public final class FunctionValidator {

    /** The most parameters a function may have. */
    public static final int MAX_PARAMETERS = ScalaFunctions.MAX_ARITY;

    private static final StaticMethodShape SHAPE = new StaticMethodShape(Message.FUNCTION_NOT_STATIC,
            Message.FUNCTION_NOT_PUBLIC, Message.FUNCTION_GENERIC, Message.FUNCTION_CHECKED_EXCEPTION);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Predicate<String> builtin;

    /** A validator that asks {@code builtin} whether a name is a Spark built-in function. */
    public FunctionValidator(Predicate<String> builtin) {
        this.builtin = builtin;
    }

    /** What is wrong with {@code declaration}; its spec if nothing. */
    public ValidationReport<SqlFunctionSpec> validate(FunctionDeclaration declaration) {
        ExecutableElement method = declaration.method();
        ValidationReport.Builder<SqlFunctionSpec> report = ValidationReport.about(method);
        String name = declaration.name().value();
        if (!NAME.matcher(name).matches()) {
            report.error(declaration.name(), Message.FUNCTION_NAME_INVALID, name, suggestion(name));
        } else if (builtin.test(name)) {
            report.error(declaration.name(), Message.FUNCTION_NAME_BUILTIN, name, "my_" + name);
        }
        String described = declaration.describe();
        SHAPE.check(report, method, described);
        if (method.getParameters().size() > MAX_PARAMETERS) {
            report.error(method, null, null, Message.FUNCTION_TOO_MANY_PARAMETERS, described,
                    method.getParameters().size(), MAX_PARAMETERS);
        }
        List<SqlFunctionParameter> parameters = new ArrayList<>();
        for (VariableElement p : method.getParameters()) {
            SqlFunctionType type = type(p.asType());
            if (type == null) {
                report.error(p, null, null, Message.FUNCTION_PARAMETER_TYPE, p.getSimpleName(), described, p.asType());
            } else {
                parameters.add(new SqlFunctionParameter(p.getSimpleName().toString(), type,
                        p.asType().getKind().isPrimitive()));
            }
        }
        SqlFunctionType returns = type(method.getReturnType());
        if (returns == null) {
            report.error(method, null, null, Message.FUNCTION_RETURN_TYPE, described, method.getReturnType());
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return report.build(() -> new SqlFunctionSpec(name, parameters, returns,
                owner.getQualifiedName() + "." + method.getSimpleName() + "(" + String.join(", ",
                        method.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")",
                new InvokerReference(InvokerWriter.invokerName(owner), InvokerWriter.constant(name))));
    }

    /** The SQL type of a parameter or return type, or {@code null} if it has none. */
    static SqlFunctionType type(TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN: return SqlFunctionType.BOOLEAN;
            case BYTE: return SqlFunctionType.BYTE;
            case SHORT: return SqlFunctionType.SHORT;
            case INT: return SqlFunctionType.INT;
            case LONG: return SqlFunctionType.LONG;
            case FLOAT: return SqlFunctionType.FLOAT;
            case DOUBLE: return SqlFunctionType.DOUBLE;
            case ARRAY:
                return ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE ? SqlFunctionType.BINARY : null;
            case DECLARED:
                String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
                return switch (name) {
                    case "java.lang.Boolean" -> SqlFunctionType.BOOLEAN;
                    case "java.lang.Byte" -> SqlFunctionType.BYTE;
                    case "java.lang.Short" -> SqlFunctionType.SHORT;
                    case "java.lang.Integer" -> SqlFunctionType.INT;
                    case "java.lang.Long" -> SqlFunctionType.LONG;
                    case "java.lang.Float" -> SqlFunctionType.FLOAT;
                    case "java.lang.Double" -> SqlFunctionType.DOUBLE;
                    case "java.lang.String" -> SqlFunctionType.STRING;
                    case "java.math.BigDecimal" -> SqlFunctionType.DECIMAL;
                    case "java.time.LocalDate" -> SqlFunctionType.DATE;
                    case "java.time.Instant" -> SqlFunctionType.TIMESTAMP;
                    default -> null;
                };
            default:
                return null;
        }
    }
    private static String suggestion(String name) {
        String s = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
                .replaceAll("^[^a-z]+", "");
        return s.isEmpty() ? "normalize_page" : s;
    }
}
