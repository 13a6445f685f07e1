package dev.freshet.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.freshet.core.cluster.LocalTestSpark;
import org.apache.spark.sql.SparkSession;

/**
 * The test kit's one SparkSession per JVM: the active (or default) session if the test JVM has one already, otherwise
 * a local one created on first use ({@code local[2]}, UI off, loopback, two shuffle partitions, UTC, Delta's
 * extensions, a temporary warehouse) and stopped when the JVM exits. Unlike the sessions Freshet creates for
 * applications, it keeps Spark's default state store rather than RocksDB: measured here, RocksDB doubled the time to
 * the first read (about 14 s against 6.5 s) and made each micro-batch slower.
 */
public final class TestSpark {

    private static SparkSession created;

    private TestSpark() {}

    /** The session drivers run on. */
    public static synchronized SparkSession session() {
        SparkSession existing = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession()
                .getOrElse(() -> null));
        if (existing != null && !existing.sparkContext().isStopped()) {
            return existing;
        }
        Path warehouse;
        try {
            warehouse = Files.createTempDirectory("freshet-test-warehouse");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        created = builder(warehouse).getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(TestSpark::stop, "freshet-test-spark-stop"));
        return created;
    }

    private static SparkSession.Builder builder(Path warehouse) {
        SparkSession.Builder builder = SparkSession.builder().appName("freshet-test");
        LocalTestSpark.settings(warehouse.toString()).forEach(builder::config);
        return builder;
    }

    private static synchronized void stop() {
        if (created != null) {
            created.stop();
            created = null;
        }
    }
}
