package dev.freshet.spark.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.spark.metrics.BatchOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A job's totals since its checkpoint was created, kept inside the checkpoint: after micro-batch {@code n}, the file
 * {@value #DIRECTORY}{@code /n} holds the totals of batches 0 to {@code n}, computed from file {@code n - 1}. A batch
 * replayed after a crash rewrites its file with the same totals, and a start resumes from the file of the last batch
 * Spark committed, so the totals count every batch exactly once, across restarts of the job and of the process. The
 * last {@value #KEPT} files are kept.
 */
final class CheckpointTotals {

    static final String DIRECTORY = "freshet-totals";
    private static final int KEPT = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path directory;
    private final Path commits;

    /** The totals of what one or more batches did. */
    record Totals(long written, long stale, Map<String, Long> deadLetters, long newestEventMillis) {

        static final Totals NONE = new Totals(0, 0, Map.of(), Long.MIN_VALUE);

        Totals plus(BatchOutcome batch, long batchNewestEventMillis) {
            Map<String, Long> reasons = new java.util.TreeMap<>(deadLetters);
            batch.deadLetters().forEach((r, n) -> reasons.merge(r, n, Long::sum));
            return new Totals(written + batch.written(), stale + batch.stale(), Map.copyOf(reasons),
                    Math.max(newestEventMillis, batchNewestEventMillis));
        }

        BatchOutcome outcome() {
            return new BatchOutcome(written, stale, deadLetters);
        }
    }

    private CheckpointTotals(FileSystem fs, String checkpoint) {
        this.fs = fs;
        this.directory = new Path(checkpoint, DIRECTORY);
        this.commits = new Path(checkpoint, JobStarter.COMMITS);
    }

    static CheckpointTotals of(SparkSession spark, String checkpoint) {
        try {
            return new CheckpointTotals(new Path(checkpoint).getFileSystem(spark.sparkContext().hadoopConfiguration()),
                    checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint " + checkpoint, e);
        }
    }

    /** The totals as of the last batch Spark committed: none for a new checkpoint. */
    Totals resume() {
        try {
            OptionalLong committed = newest(commits, Long.MAX_VALUE);
            if (committed.isEmpty()) {
                return Totals.NONE;
            }
            OptionalLong saved = newest(directory, committed.getAsLong());
            if (saved.isEmpty()) {
                return Totals.NONE;
            }
            try (var in = fs.open(new Path(directory, Long.toString(saved.getAsLong())))) {
                Map<String, Object> json = JSON.readValue(in, new TypeReference<>() {});
                Map<String, Long> reasons = new java.util.TreeMap<>();
                ((Map<?, ?>) json.get("deadLetters")).forEach((r, n) -> reasons.put((String) r,
                        ((Number) n).longValue()));
                return new Totals(((Number) json.get("written")).longValue(), ((Number) json.get("stale")).longValue(),
                        Map.copyOf(reasons), ((Number) json.get("newestEventMillis")).longValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the totals in " + directory, e);
        }
    }

    /** Records the totals after batch {@code batchId}, and drops files older than the last {@value #KEPT}. */
    void save(long batchId, Totals totals) {
        Path file = new Path(directory, Long.toString(batchId));
        try {
            fs.mkdirs(directory);
            try (FSDataOutputStream out = fs.create(file, true)) {
                JSON.writeValue((java.io.OutputStream) out, Map.of("batch", batchId, "written", totals.written(), "stale", totals.stale(),
                        "deadLetters", totals.deadLetters(), "newestEventMillis", totals.newestEventMillis()));
            }
            Path old = new Path(directory, Long.toString(batchId - KEPT));
            if (fs.exists(old)) {
                fs.delete(old, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the totals " + file, e);
        }
    }

    /** The largest batch id at most {@code atMost} that names a file in {@code dir}. */
    private OptionalLong newest(Path dir, long atMost) throws IOException {
        if (!fs.exists(dir)) {
            return OptionalLong.empty();
        }
        long newest = -1;
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (name.matches("\\d+")) {
                long id = Long.parseLong(name);
                if (id <= atMost && id > newest) {
                    newest = id;
                }
            }
        }
        return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
    }
}
