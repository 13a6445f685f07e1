package dev.freshet.processor.validation;

import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @KafkaSource}s and {@code @BatchSource}s of the compilation so far, by name: each with the type it is
 * declared on and, if it is valid, its spec. Feature sets resolve their stream source here and backfills their batch
 * sources; a source with errors is known (so that what names it gets no second, misleading error) but has no spec.
 * The two kinds share one namespace: a name belongs to one source of either kind.
 */
public final class Sources {

    /**
     * A declared source.
     *
     * @param element the type it is declared on
     * @param spec    its spec, or empty if it has errors
     * @param <S>     the type of its spec
     */
    public record Declared<S>(TypeElement element, Optional<S> spec) {
    }

    private final Map<String, Declared<KafkaSourceSpec>> kafka = new LinkedHashMap<>();
    private final Map<String, Declared<BatchSourceSpec>> batch = new LinkedHashMap<>();

    /** No sources yet. */
    public Sources() {}

    /** Records the Kafka source {@code name} declared on {@code element}, with its spec if it is valid. */
    public void add(String name, TypeElement element, Optional<KafkaSourceSpec> spec) {
        kafka.putIfAbsent(name, new Declared<>(element, spec));
    }

    /** Records the batch source {@code name} declared on {@code element}, with its spec if it is valid. */
    public void addBatch(String name, TypeElement element, Optional<BatchSourceSpec> spec) {
        batch.putIfAbsent(name, new Declared<>(element, spec));
    }

    /** The Kafka source called {@code name}, if one is declared. */
    public Optional<Declared<KafkaSourceSpec>> get(String name) {
        return Optional.ofNullable(kafka.get(name));
    }

    /** The batch source called {@code name}, if one is declared. */
    public Optional<Declared<BatchSourceSpec>> batch(String name) {
        return Optional.ofNullable(batch.get(name));
    }

    /** The names of the declared Kafka sources, in the order they were added. */
    public Set<String> names() {
        return kafka.keySet();
    }

    /** The names of the declared batch sources, in the order they were added. */
    public Set<String> batchNames() {
        return batch.keySet();
    }
}
