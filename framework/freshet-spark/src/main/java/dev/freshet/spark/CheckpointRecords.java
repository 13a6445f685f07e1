package dev.freshet.spark;

import dev.freshet.core.error.FreshetErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Small records Freshet keeps inside a job's checkpoint directory, next to Spark's own, so that they live and die
 * with the checkpoint:
 *
 * <ul>
 *   <li>{@value #DEFINITION}: what a stateful job's state was written for. Spark freezes a query's state schema,
 *       grouping keys and shuffle partitions into its checkpoint; Freshet's tiles add their own format. A mismatch
 *       stops the job with what to do, rather than failing deep inside Spark or decoding state wrongly.
 *   <li>{@value #WRITER}: the id under which the offline job appends to Delta ({@code txnAppId}). It must belong to the
 *       checkpoint, not to the feature set: after a checkpoint reset batch ids restart at 0, and Delta would silently
 *       skip every append up to the old batch id.
 * </ul>
 */
public final class CheckpointRecords {

    static final String DEFINITION = "freshet-definition";
    static final String WRITER = "freshet-writer-id";

    private CheckpointRecords() {}

    /** Checks (or, for a new checkpoint, records) that {@code checkpoint} holds state of {@code definition}. */
    public static void checkDefinition(SparkSession spark, String featureSet, String checkpoint, String definition) {
        String recorded = readOrCreate(spark, featureSet, checkpoint, DEFINITION, definition);
        if (!recorded.equals(definition)) {
            throw FreshetErrors.incompatibleCheckpoint(featureSet, checkpoint, recorded, definition);
        }
    }

    /** The Delta writer id of the job checkpointed at {@code checkpoint}, created with the checkpoint. */
    public static String writerId(SparkSession spark, String featureSet, String checkpoint) {
        return readOrCreate(spark, featureSet, checkpoint, WRITER, "freshet-" + UUID.randomUUID());
    }

    private static String readOrCreate(SparkSession spark, String featureSet, String checkpoint, String name,
            String initial) {
        Path file = new Path(checkpoint, name);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(file)) {
                try (FSDataInputStream in = fs.open(file)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            }
            fs.mkdirs(file.getParent());
            try (FSDataOutputStream out = fs.create(file, false)) {
                out.write((initial + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return initial;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + " of feature set \"" + featureSet + "\"",
                    e);
        }
    }
}
