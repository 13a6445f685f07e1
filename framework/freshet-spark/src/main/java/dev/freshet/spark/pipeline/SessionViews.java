package dev.freshet.spark.pipeline;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Temporary views for building a plan: they are session-wide, so plans that need views (a feature set's SQL over its
 * source, a backfill's SQL over its batch sources) are built one at a time, and the views dropped once the plan is
 * built. The analysed plan has inlined them, so the running query no longer needs them.
 */
public final class SessionViews {

    private static final Object LOCK = new Object();

    private SessionViews() {}

    /** What {@code build} returns with each of {@code views} registered under its name, the views dropped after. */
    public static <T> T with(SparkSession spark, Map<String, Dataset<Row>> views, Supplier<T> build) {
        synchronized (LOCK) {
            views.forEach((name, data) -> data.createOrReplaceTempView(name));
            try {
                return build.get();
            } finally {
                views.keySet().forEach(spark.catalog()::dropTempView);
            }
        }
    }
}
