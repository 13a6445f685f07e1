package dev.freshet.processor.validation;

import dev.freshet.api.spec.KafkaSourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @KafkaSource}s of the compilation so far, by name: each with its record and, if it is valid, its spec.
 * Feature sets resolve their source here; a source with errors is known (so that its feature sets get no second,
 * misleading error) but has no spec.
 */
public final class Sources {

    /**
     * A declared source.
     *
     * @param element the record it is declared on
     * @param spec    its spec, or empty if it has errors
     */
    public record Declared(TypeElement element, Optional<KafkaSourceSpec> spec) {
    }

    private final Map<String, Declared> byName = new LinkedHashMap<>();

    /** No sources yet. */
    public Sources() {}

    /** Records the source {@code name} declared on {@code element}, with its spec if it is valid. */
    public void add(String name, TypeElement element, Optional<KafkaSourceSpec> spec) {
        byName.putIfAbsent(name, new Declared(element, spec));
    }

    /** The source called {@code name}, if one is declared. */
    public Optional<Declared> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of the declared sources, in the order they were added. */
    public Set<String> names() {
        return byName.keySet();
    }
}
