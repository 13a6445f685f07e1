package dev.freshet.spark;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.job.JobDefinition;
import dev.freshet.spark.output.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small records Freshet keeps inside a job's checkpoint directory, next to Spark's own, so that they live and die
 * with the checkpoint:
 *
 * <ul>
 *   <li>{@value #DEFINITION}: what the job's checkpoint and stores were written for ({@link CheckpointDefinition},
 *       a JSON document). Spark freezes a query's offsets per topic partition, its state schema, grouping keys and
 *       shuffle partitions into its checkpoint; the stores hold keys, columns and tiles of one definition. Each start
 *       compares the recorded definition with the current one ({@link DefinitionChanges}): an incompatible change
 *       stops the job with what changed and how to migrate, rather than failing deep inside Spark, decoding state
 *       wrongly or mixing two definitions in a store; a compatible one is logged once and recorded.
 *   <li>{@value #WRITER}: the id under which the offline job appends to Delta ({@code txnAppId}). It must belong to the
 *       checkpoint, not to the feature set: after a checkpoint reset batch ids restart at 0, and Delta would silently
 *       skip every append up to the old batch id.
 * </ul>
 */
public final class CheckpointRecords {

    static final String DEFINITION = "freshet-definition";
    static final String WRITER = "freshet-writer-id";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRecords.class);

    private CheckpointRecords() {}

    /**
     * Checks that {@code job}'s checkpoint was written for a definition its current one can resume from, and records
     * the current one (for a new checkpoint, after a compatible change, or over the one-line record of an older
     * Freshet). Reads and writes nothing but the record: a refused job has touched neither its checkpoint nor its
     * stores.
     *
     * @throws dev.freshet.core.error.FreshetException listing each incompatible change and how to migrate, or if the
     *     record cannot be read
     */
    public static void checkDefinition(SparkSession spark, JobDefinition job) {
        CheckpointDefinition current = CheckpointDefinition.of(job.spec(), job.kind(),
                job.stage().map(stage -> stage.checkpointState(spark)));
        checkDefinition(spark.sparkContext().hadoopConfiguration(), job.checkpoint(), current,
                job.outputs().stream().map(Output::location).toList(), job.spec().source().startingOffsets().name());
    }

    /**
     * {@link #checkDefinition(SparkSession, JobDefinition)} on the file system of {@code hadoop}.
     *
     * @param stores          where the job writes besides the checkpoint, for the reset advice
     * @param startingOffsets where a job with a new checkpoint starts reading, for the reset advice
     */
    static void checkDefinition(Configuration hadoop, String checkpoint, CheckpointDefinition current,
            List<String> stores, String startingOffsets) {
        String featureSet = current.featureSet();
        String job = current.job().label();
        Path file = new Path(checkpoint, DEFINITION);
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            // Qualified, as Spark qualifies the checkpoint location: a relative root is relative to the working
            // directory, whatever the file context's own would be.
            file = fs.makeQualified(file);
            FileContext files = FileContext.getFileContext(fs.getUri(), hadoop);
            Optional<String> recorded = read(files, file);
            if (recorded.isEmpty()) {
                if (files.util().exists(new Path(file.getParent(), "offsets"))) {
                    LOG.warn("feature set {}: the {} job's checkpoint {} records no definition (an older Freshet wrote"
                            + " it without one); recording the current definition without comparing. If the feature"
                            + " set changed since that checkpoint was written, reset the job", featureSet, job,
                            checkpoint);
                }
                write(files, file, current.toJson(), false);
                return;
            }
            String text = recorded.get();
            boolean legacy = !text.startsWith("{");
            DefinitionChanges changes = legacy ? DefinitionChanges.between(legacy(text, featureSet, job, file), current)
                    : DefinitionChanges.between(parse(text, featureSet, job, file), current);
            if (!changes.refused().isEmpty()) {
                throw FreshetErrors.incompatibleCheckpoint(featureSet, job, checkpoint, changes.refused(), stores,
                        startingOffsets);
            }
            if (!changes.none()) {
                LOG.info("feature set {}: the {} job resumes from checkpoint {} with a changed definition: {};"
                        + " recorded the new one", featureSet, job, checkpoint, String.join("; ", changes.allowed()));
                write(files, file, current.toJson(), true);
            } else if (legacy) {
                LOG.info("feature set {}: recorded the definition of the {} job's checkpoint {} in format {} (it held"
                        + " an older Freshet's one-line record, which matches)", featureSet, job, checkpoint,
                        CheckpointDefinition.FORMAT);
                write(files, file, current.toJson(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + " of feature set \"" + featureSet + "\"",
                    e);
        }
    }

    /** The Delta writer id of the job checkpointed at {@code checkpoint}, created with the checkpoint. */
    public static String writerId(SparkSession spark, String featureSet, String checkpoint) {
        return readOrCreate(spark, featureSet, checkpoint, WRITER, "freshet-" + UUID.randomUUID());
    }

    private static CheckpointDefinition parse(String text, String featureSet, String job, Path file) {
        try {
            return CheckpointDefinition.parse(text);
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.unreadableCheckpointRecord(featureSet, job, file.toString(), e.getMessage());
        }
    }

    private static CheckpointDefinition.Legacy legacy(String text, String featureSet, String job, Path file) {
        return CheckpointDefinition.Legacy.parse(text).orElseThrow(() -> FreshetErrors.unreadableCheckpointRecord(
                featureSet, job, file.toString(), "it holds neither a JSON definition nor the one-line record of an"
                        + " older Freshet, but \"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text)
                        + "\""));
    }

    private static Optional<String> read(FileContext files, Path file) throws IOException {
        if (!files.util().exists(file)) {
            return Optional.empty();
        }
        try (FSDataInputStream in = files.open(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file renamed into place, so that a crash leaves either
     * the old record or the new one, never half of one.
     */
    private static void write(FileContext files, Path file, String text, boolean replace) throws IOException {
        Path temporary = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = files.create(temporary, EnumSet.of(CreateFlag.CREATE),
                Options.CreateOpts.createParent())) {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            files.rename(temporary, file, replace ? Options.Rename.OVERWRITE : Options.Rename.NONE);
        } finally {
            if (files.util().exists(temporary)) {
                files.delete(temporary, false);
            }
        }
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
