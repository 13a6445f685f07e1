package dev.freshet.api.spi;

import java.io.Serializable;

/**
 * Calls one {@link dev.freshet.api.SqlFunction} method. The annotation processor generates the implementations (an
 * enum constant per function, whose body calls the static method with its arguments cast to the parameter types), so
 * the engine calls user code without reflection. Implementations are serializable: Spark ships them to executors.
 */
@FunctionalInterface
public interface SqlFunctionInvoker extends Serializable {

    /**
     * The method's result for {@code arguments}, one per parameter, as the parameter's boxed Java type (never
     * {@code null} for a primitive parameter); whatever the method throws is thrown on.
     */
    Object invoke(Object[] arguments);
}
