package dev.freshet.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark settings Freshet's jobs expect, for applications that let Freshet create their SparkSession (the Spring
 * Boot starter does). Anything the application sets itself wins.
 *
 * <ul>
 *   <li>Delta Lake's SQL extension and catalog, for the offline store;
 *   <li>{@code spark.sql.session.timeZone=UTC}: event times are instants, and SQL such as {@code to_timestamp} must
 *       not depend on the machine's zone;
 *   <li>few shuffle partitions in local mode ({@code spark.sql.shuffle.partitions=4}). The value is frozen into
 *       stateful checkpoints: choose it before the first run;
 *   <li>the RocksDB state store, which keeps large per-key state off the JVM heap;
 *   <li>in local mode, a driver bound to loopback;
 *   <li>{@code spark.redaction.regex} with Spark's default words and also {@code jaas} and {@code keystore.key}, so
 *       that the Kafka options a secured source carries ({@code kafka.sasl.jaas.config} holds the SASL password,
 *       {@code kafka.ssl.keystore.key} a PEM private key) are redacted in plans, the UI and event logs.
 * </ul>
 */
public final class FreshetSparkConf {

    /** Spark's default {@code spark.redaction.regex} and the Kafka options that hold secrets under other names. */
    public static final String REDACTION = "(?i)secret|password|token|access[.]?key|jaas|keystore[.]key";

    private FreshetSparkConf() {}

    /** Freshet's default settings for a session with {@code master}. */
    public static Map<String, String> defaults(String master) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.redaction.regex", REDACTION);
        conf.put("spark.sql.streaming.stateStore.providerClass",
                "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
        // Commit only a changelog per batch instead of uploading RocksDB files: the upload cost ~0.6 s a batch here.
        conf.put("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
        if (master.startsWith("local")) {
            conf.put("spark.sql.shuffle.partitions", "4");
            conf.put("spark.databricks.delta.snapshotPartitions", "2");
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }
}
