package dev.freshet.core.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a local SparkSession for tests: {@code local[2]}, UI off, driver on loopback, two shuffle
 * partitions, Delta's extensions, UTC, a stop timeout of 30 s and a given warehouse. Spark's default state store, not
 * RocksDB (which, measured here, doubled the time to a test's first read). The build's shared test session and the
 * test kit's ({@code dev.freshet.test.TestSpark}) are created with these.
 *
 * <pre>{@code
 * SparkSession.Builder builder = SparkSession.builder();
 * LocalTestSpark.settings(warehouse.toString()).forEach(builder::config);
 * }</pre>
 */
public final class LocalTestSpark {

    private LocalTestSpark() {}

    /** The settings, with the SQL warehouse in {@code warehouse}. */
    public static Map<String, String> settings(String warehouse) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", "local[2]");
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.default.parallelism", "2");
        conf.put("spark.databricks.delta.snapshotPartitions", "2");
        conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.warehouse.dir", warehouse);
        conf.put("spark.sql.streaming.stopTimeout", "30s");
        conf.put("spark.sql.session.timeZone", "UTC");
        // Spark would take the JVM's one URL stream handler factory for Hadoop's file systems; an embedded Tomcat
        // started later in the same test JVM (a Spring Boot test) then fails with "factory already defined".
        conf.put("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false");
        return conf;
    }
}
