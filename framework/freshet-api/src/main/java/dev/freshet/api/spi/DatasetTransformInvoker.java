package dev.freshet.api.spi;

import java.io.Serializable;

/**
 * Calls one whole-Dataset transform: a public static method from {@code Dataset<Row>} to {@code Dataset<Row>}. The
 * annotation processor generates the implementation, whose body calls the method directly, so the engine calls user
 * code without reflection. This module knows no Spark, hence {@code Object}: the engine passes a
 * {@code org.apache.spark.sql.Dataset<Row>} and gets one back. Implementations are serializable because the spec
 * holding them is shipped to executors; the engine calls them on the driver only, once per query it builds.
 */
@FunctionalInterface
public interface DatasetTransformInvoker extends Serializable {

    /** The method's result for {@code source}, a {@code Dataset<Row>}; whatever the method throws is thrown on. */
    Object apply(Object source);
}
