package dev.freshet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM: {@code local[2]}, UI off, driver on loopback, two shuffle partitions, Delta's
 * extensions, and a warehouse in a temporary directory. Created on first use, stopped when the JVM exits.
 *
 * <pre>{@code
 * SparkSession spark = SharedSpark.session();
 * }</pre>
 */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {}

    /** The shared session, created on first call. */
    public static synchronized SparkSession session() {
        if (session == null) {
            Path warehouse;
            try {
                warehouse = Files.createTempDirectory("freshet-spark-warehouse");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("freshet-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .config("spark.sql.warehouse.dir", warehouse.toString())
                    .config("spark.sql.streaming.stopTimeout", "30s")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::stop, "freshet-test-spark-stop"));
        }
        return session;
    }

    private static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
