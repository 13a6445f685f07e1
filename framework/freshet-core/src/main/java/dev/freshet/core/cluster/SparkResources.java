package dev.freshet.core.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark resources of one job on a cluster: its driver, its executors and how many partitions its shuffles have.
 *
 * <p>{@link #shufflePartitions()} is frozen into a stateful streaming query's checkpoint at its first run: Spark keeps
 * the checkpoint's value when the query restarts, so a change of size changes an online job's partitions only from a
 * new checkpoint.
 *
 * @param driverCores       cores of the driver ({@code spark.driver.cores}), positive
 * @param driverMemory      heap of the driver ({@code spark.driver.memory})
 * @param executorCores     cores of each executor ({@code spark.executor.cores}), positive
 * @param executorMemory    heap of each executor ({@code spark.executor.memory})
 * @param executors         how many executors ({@code spark.executor.instances}), positive
 * @param shufflePartitions partitions of each shuffle ({@code spark.sql.shuffle.partitions}), positive
 */
public record SparkResources(int driverCores, SparkMemory driverMemory, int executorCores, SparkMemory executorMemory,
        int executors, int shufflePartitions) {

    /** Checks that every count is positive and every amount given. */
    public SparkResources {
        positive(driverCores, "driverCores");
        requireNonNull(driverMemory, "driverMemory");
        positive(executorCores, "executorCores");
        requireNonNull(executorMemory, "executorMemory");
        positive(executors, "executors");
        positive(shufflePartitions, "shufflePartitions");
    }

    /**
     * The Spark configuration entries for these resources, in the order of the components: {@code spark.driver.cores},
     * {@code spark.driver.memory}, {@code spark.executor.cores}, {@code spark.executor.memory},
     * {@code spark.executor.instances} and {@code spark.sql.shuffle.partitions}. They are for spark-submit's
     * {@code --conf} or a Spark Operator manifest: the driver's settings take effect only when the driver JVM starts.
     */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.cores", Integer.toString(driverCores));
        conf.put("spark.driver.memory", driverMemory.toString());
        conf.put("spark.executor.cores", Integer.toString(executorCores));
        conf.put("spark.executor.memory", executorMemory.toString());
        conf.put("spark.executor.instances", Integer.toString(executors));
        conf.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
        return Collections.unmodifiableMap(conf);
    }

    /** The resources in one line, for logs: {@code driver 1 core 2g, 2 executors × 2 cores 4g, 8 shuffle partitions}. */
    public String describe() {
        return "driver " + cores(driverCores) + " " + driverMemory + ", " + executors + (executors == 1 ? " executor"
                : " executors") + " × " + cores(executorCores) + " " + executorMemory + ", " + shufflePartitions
                + " shuffle partitions";
    }

    private static String cores(int n) {
        return n + (n == 1 ? " core" : " cores");
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
