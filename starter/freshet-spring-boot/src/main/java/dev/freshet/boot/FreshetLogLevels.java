package dev.freshet.boot;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Default log levels for the libraries Freshet runs, as the lowest-precedence {@code logging.level.*} properties, so
 * that any setting of the application wins: Spark, Hadoop, Parquet and Delta log thousands of INFO lines an hour
 * (each micro-batch), and WARN lines that say nothing an application can act on: at every start (no native Hadoop
 * library, a URL handler factory already set, adaptive execution off for streaming queries, a plan string
 * truncated) and at every stop of a streaming query between two batches (the DAG scheduler's "Failed to cancel job
 * group"). Warnings that matter (a batch falling behind, a lost task) still show. {@code freshet.enabled=false}
 * leaves logging alone.
 */
public class FreshetLogLevels extends LogLevelDefaults {

    /** Logger → level. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("org.apache.spark", "WARN"),
            Map.entry("org.sparkproject", "WARN"),
            Map.entry("io.delta", "WARN"),
            Map.entry("org.apache.parquet", "WARN"),
            Map.entry("org.apache.hadoop", "WARN"),
            Map.entry("org.apache.hadoop.util.NativeCodeLoader", "ERROR"),
            Map.entry("org.apache.spark.sql.internal.SharedState", "ERROR"),
            Map.entry("org.apache.spark.sql.execution.streaming.runtime.ResolveWriteToStream", "ERROR"),
            Map.entry("org.apache.spark.util.SparkStringUtils", "ERROR"),
            Map.entry("org.apache.spark.scheduler.DAGScheduler", "ERROR"));

    /** The levels above, as an application's defaults. */
    public FreshetLogLevels() {
        super("freshetLogLevels", DEFAULTS);
    }

    @Override
    protected boolean appliesTo(ConfigurableEnvironment environment) {
        return environment.getProperty("freshet.enabled", Boolean.class, true);
    }
}
