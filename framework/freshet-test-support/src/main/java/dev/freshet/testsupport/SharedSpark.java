package dev.freshet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.freshet.core.cluster.LocalTestSpark;
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
            session = builder(warehouse).getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::stop, "freshet-test-spark-stop"));
        }
        return session;
    }

    private static SparkSession.Builder builder(Path warehouse) {
        SparkSession.Builder builder = SparkSession.builder().appName("freshet-tests");
        LocalTestSpark.settings(warehouse.toString()).forEach(builder::config);
        return builder;
    }

    private static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
