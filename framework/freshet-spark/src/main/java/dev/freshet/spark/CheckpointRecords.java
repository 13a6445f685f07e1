package dev.freshet.spark;

import dev.freshet.core.error.FreshetErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Refuses to resume a stateful job from a checkpoint written for another definition. Spark freezes a query's state
 * schema, grouping keys and shuffle partitions into its checkpoint; Freshet's tiles add their own format. A file
 * {@value #FILE} in the checkpoint records what the state was written for, and a mismatch stops the job with what to
 * do, rather than failing deep inside Spark or, worse, decoding state wrongly.
 */
final class CheckpointGuard {

    static final String FILE = "freshet-definition";

    private CheckpointGuard() {}

    /** Checks (or, for a new checkpoint, records) that {@code checkpoint} holds state of {@code definition}. */
    static void check(SparkSession spark, String featureSet, String checkpoint, String definition) {
        Path file = new Path(checkpoint, FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(file)) {
                String recorded;
                try (FSDataInputStream in = fs.open(file)) {
                    recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                if (!recorded.equals(definition)) {
                    throw FreshetErrors.incompatibleCheckpoint(featureSet, checkpoint, recorded, definition);
                }
                return;
            }
            fs.mkdirs(file.getParent());
            try (FSDataOutputStream out = fs.create(file, false)) {
                out.write((definition + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + " of feature set \"" + featureSet + "\"",
                    e);
        }
    }
}
