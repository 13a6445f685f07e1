package dev.freshet.api.spi;

import java.io.Serializable;

/**
 * Calls one backfill transform: a public static method from {@code SparkSession} to {@code Dataset<Row>} marked with
 * {@link dev.freshet.api.BackfillTransform}. The annotation processor generates the implementation, whose body calls
 * the method directly, so the engine calls user code without reflection. This module knows no Spark, hence
 * {@code Object}: the engine passes a {@code org.apache.spark.sql.SparkSession} and gets a {@code Dataset<Row>} back.
 * Implementations are serializable because the spec holding them is shipped to executors; the engine calls them on
 * the driver only, once per slice of the backfill.
 */
@FunctionalInterface
public interface BackfillTransformInvoker extends Serializable {

    /** The method's rows read from {@code spark}, a {@code Dataset<Row>}; whatever the method throws is thrown on. */
    Object apply(Object spark);
}
