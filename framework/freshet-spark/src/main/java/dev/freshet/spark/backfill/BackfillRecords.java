package dev.freshet.spark.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.spark.job.JobStarter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a backfill keeps in its directory besides its slices' commits and totals: the tile seed ({@value #SEED}) and
 * the record of its completion ({@value #COMPLETE}, written last, holding what it did), by which a restart knows not
 * to run it again and an online job knows it may start from the seed.
 */
public final class BackfillRecords {

    static final String SEED = "tile-seed";
    static final String COMPLETE = "complete";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path directory;

    /** The records in {@code directory}. */
    public BackfillRecords(SparkSession spark, String directory) {
        this.directory = new Path(directory);
        try {
            this.fs = this.directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open backfill directory " + directory, e);
        }
    }

    /** Whether the backfill has completed. */
    public boolean complete() {
        try {
            return fs.exists(new Path(directory, COMPLETE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
    }

    /** Records the completion, with what the backfill did. */
    void markComplete(Map<String, Object> summary) {
        Path file = new Path(directory, COMPLETE);
        try (FSDataOutputStream out = fs.create(file, true)) {
            JSON.writeValue((OutputStream) out, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Where the tile seed is. */
    public String seed() {
        return new Path(directory, SEED).toString();
    }

    /** The directory. */
    public String directory() {
        return directory.toString();
    }

    /** Whether the Structured Streaming checkpoint at {@code checkpoint} has committed a micro-batch. */
    public static boolean hasCommittedBatch(SparkSession spark, String checkpoint) {
        Path commits = new Path(checkpoint, JobStarter.COMMITS);
        try {
            FileSystem fs = commits.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(commits)) {
                return false;
            }
            for (var f : fs.listStatus(commits)) {
                if (f.getPath().getName().matches("\\d+")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commits, e);
        }
    }

    /** Whether batch {@code batchId} of the job checkpointed at {@code checkpoint} is recorded as committed. */
    static boolean committed(SparkSession spark, String checkpoint, long batchId) {
        Path commit = new Path(new Path(checkpoint, JobStarter.COMMITS), Long.toString(batchId));
        try {
            return commit.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(commit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commit, e);
        }
    }
}
