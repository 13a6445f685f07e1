package dev.freshet.api.spi;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Calls one typed record transform: the annotation processor generates the implementation, whose body builds the
 * input record from its components, calls the user's static method directly and takes the output records apart, so
 * the engine calls user code without reflection. The engine passes component values as Java values ({@code String},
 * boxes, {@link java.time.Instant}, {@link java.time.LocalDate}) in the input record's component order, and has
 * checked that no primitive component gets a null. Implementations are serializable because the spec holding them is
 * shipped to executors, where they run once per record.
 */
@FunctionalInterface
public interface RecordTransformInvoker extends Serializable {

    /**
     * Calls the method on the record of {@code input}'s components and passes {@code output} the components of each
     * record it returns, in order, or {@code null} for a null where a record was expected (a null result, a null
     * {@code Optional} or {@code List}, a null element of the list); whatever the method throws is thrown on.
     */
    void apply(Object[] input, Consumer<Object[]> output);
}
