package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spi.SqlFunctionInvoker;
import java.io.Serializable;
import java.util.List;

/**
 * A {@link dev.freshet.api.SqlFunction} as the processor checked it: its SQL name, its typed parameters and result,
 * and the generated code that calls it.
 *
 * @param name       SQL name, such as {@code normalize_page}
 * @param parameters parameters, in order
 * @param returnType type of the result
 * @param method     the Java method, as {@code com.example.Pages.normalizePage(java.lang.String)}, for messages
 * @param invoker    generated code calling the method, without reflection
 */
public record SqlFunctionSpec(String name, List<SqlFunctionParameter> parameters, SqlFunctionType returnType,
        String method, SqlFunctionInvoker invoker) implements Serializable {

    /** Checks every part and copies the list. */
    public SqlFunctionSpec {
        requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        requireNonNull(returnType, "returnType");
        requireNonNull(method, "method");
        requireNonNull(invoker, "invoker");
    }
}
