package dev.freshet.processor.validation;

import dev.freshet.api.spec.SqlFunctionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * The {@code @SqlFunction}s of the compilation so far, by SQL name: each with its method and, if it is valid, its
 * spec. Every feature set of the compilation may call every valid one; one with errors is known (so that SQL calling
 * it gets no second, misleading error) but has no spec.
 */
public final class Functions {

    /**
     * A declared function.
     *
     * @param method the method it is declared on
     * @param spec   its spec, or empty if it has errors
     */
    public record Declared(ExecutableElement method, Optional<SqlFunctionSpec> spec) {
    }

    private final Map<String, Declared> byName = new LinkedHashMap<>();

    /** No functions yet. */
    public Functions() {}

    /** Records the function {@code name} declared on {@code method}, with its spec if it is valid. */
    public void add(String name, ExecutableElement method, Optional<SqlFunctionSpec> spec) {
        byName.putIfAbsent(name, new Declared(method, spec));
    }

    /** The function called {@code name}, if one is declared. */
    public Optional<Declared> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of the declared functions, in the order they were added. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The specs of the valid functions, in the order they were added. */
    public List<SqlFunctionSpec> valid() {
        return byName.values().stream().flatMap(d -> d.spec().stream()).toList();
    }
}
