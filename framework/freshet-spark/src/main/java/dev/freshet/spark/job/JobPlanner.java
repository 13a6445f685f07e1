package dev.freshet.spark.job;

import dev.freshet.core.job.JobKind;
import static java.util.Objects.requireNonNull;

import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.CheckpointRecords;
import dev.freshet.spark.aggregate.TileOutput;
import dev.freshet.spark.aggregate.TileStage;
import dev.freshet.spark.backfill.BackfillPlan;
import dev.freshet.spark.backfill.BackfillRecords;
import dev.freshet.spark.backfill.BackfillSlice;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.DeadLetterTopics;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.offline.OfflineTableOutput;
import dev.freshet.spark.online.EntityOutput;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.output.Output;
import dev.freshet.spark.sink.OfflineVectorSink;
import dev.freshet.spark.sink.SinkOutput;
import dev.freshet.spark.source.KafkaClients;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaSecurityProperties;
import dev.freshet.spark.source.KafkaSourceReader;
import dev.freshet.spark.source.RecordSource;
import dev.freshet.spark.source.SourceTopicCreation;
import dev.freshet.spark.source.SourceTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Turns a feature set and a job kind into the {@link JobDefinition} to start: which source, stage, outputs and
 * dead-letter target each kind has. Adding a kind is one more method here; adding an output is one more element of
 * a kind's outputs.
 *
 * <p>Planning a job checks what it needs first, on the driver, so that a missing topic or a server that does not answer
 * fails the start once, by name, rather than the tasks of the first batch: that its source topics exist
 * ({@link SourceTopics}); for online jobs, that the online store answers and that the dead-letter topic exists,
 * creating the topics the settings allow.
 *
 * <ul>
 *   <li>online: the Kafka source from the online checkpoint; for aggregated sets the tile stage and the tile output,
 *       otherwise the feature-value output; the ONLINE sinks; dead letters sent to the feature set's topic;
 *   <li>offline: the Kafka source from the offline checkpoint, until caught up; the offline table output, then the
 *       OFFLINE sinks; dead letters only counted (the online job sends them);
 *   <li>backfill: one slice of the backfill's batch sources, run once; the offline table output under the backfill's
 *       writer id; dead letters sent to the feature set's topic. An online job of a feature set with a backfill
 *       starts its tiles from the backfill's seed.
 * </ul>
 */
public final class JobPlanner {

    private final SparkSession spark;
    private final KafkaClients kafka;
    private final OnlineStore onlineStore;
    private final OfflineTable offlineTable;
    private final Settings settings;

    /**
     * What jobs are planned with, apart from the session and the stores.
     *
     * @param checkpointRoot               directory under which each job keeps its checkpoint
     * @param deadLetterTopicPattern       dead-letter topic pattern, with a {@code {featureSet}} placeholder
     * @param createDeadLetterTopics       whether to create missing dead-letter topics at start
     * @param sourceTopicCreation          how to create missing source topics at start; empty to fail the start
     * @param ioTimeout                    how long to wait for Kafka and Redis acknowledgements
     * @param offlineMaxOffsetsPerTrigger  upper bound of records per offline micro-batch
     * @param offlineFilesPerBatch         files written per event date and offline micro-batch
     */
    public record Settings(String checkpointRoot, String deadLetterTopicPattern, boolean createDeadLetterTopics,
            Optional<SourceTopicCreation> sourceTopicCreation, Duration ioTimeout, long offlineMaxOffsetsPerTrigger,
            int offlineFilesPerBatch) {

        /** Checks the values. */
        public Settings {
            requireNonNull(checkpointRoot, "checkpointRoot");
            requireNonNull(deadLetterTopicPattern, "deadLetterTopicPattern");
            requireNonNull(sourceTopicCreation, "sourceTopicCreation");
            requireNonNull(ioTimeout, "ioTimeout");
        }
    }

    /**
     * A planner of jobs on {@code spark} that reach Kafka through {@code kafka} (sources, sinks, dead letters) and
     * write {@code onlineStore} and {@code offlineTable}.
     */
    public JobPlanner(SparkSession spark, KafkaClients kafka, OnlineStore onlineStore, OfflineTable offlineTable,
            Settings settings) {
        this.spark = requireNonNull(spark, "spark");
        this.kafka = requireNonNull(kafka, "kafka");
        this.onlineStore = requireNonNull(onlineStore, "onlineStore");
        this.offlineTable = requireNonNull(offlineTable, "offlineTable");
        this.settings = requireNonNull(settings, "settings");
    }

    /** The online job of {@code spec}, run as {@code job} says. */
    public JobDefinition online(FeatureSetSpec spec, OnlineJobSettings job) {
        prepareSource(spec);
        onlineStore.check(settings.ioTimeout());
        DeadLetterTarget deadLetters = deadLetterTarget(spec);
        List<Output> sinks = sinks(spec, AttachmentPoint.ONLINE);
        String checkpoint = checkpoint(spec.name(), JobKind.ONLINE);
        return online(spec, job, onlineStore, checkpoint,
                new KafkaSourceReader(spec.source(), kafka.source(spec), job.maxOffsetsPerTrigger()), deadLetters,
                seed(spec, checkpoint), sinks);
    }

    /**
     * The online job of {@code spec} from its parts, as {@link #online(FeatureSetSpec, OnlineJobSettings)} plans it
     * once it has checked and made them: for aggregated sets the tile stage (from {@code seed}) and the tile output,
     * otherwise the feature-value output, both into {@code store}, then {@code sinks}. The test kit plans its jobs
     * here, with an in-memory source and store and no sinks.
     */
    public static JobDefinition online(FeatureSetSpec spec, OnlineJobSettings job, OnlineStore store,
            String checkpoint, RecordSource source, DeadLetterTarget deadLetters, Optional<String> seed,
            List<Output> sinks) {
        Optional<EventTimeStage> stage = Optional.empty();
        Output output;
        String location = store.describe(spec.name());
        if (spec.aggregated()) {
            TiledAggregation model = TiledAggregation.of(spec);
            stage = Optional.of(new TileStage(spec, model, job.onlineTtl(), seed));
            output = new TileOutput(spec, store.tileWriter(spec, model, job.onlineTtl()), location);
        } else {
            output = new EntityOutput(spec, store.entityWriter(spec, job.onlineTtl()), location);
        }
        Trigger trigger = job.runMode() == OnlineJobSettings.RunMode.AVAILABLE_NOW ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(job.triggerInterval().toMillis());
        List<Output> outputs = new ArrayList<>(List.of(output));
        outputs.addAll(sinks);
        return new JobDefinition(spec, JobKind.ONLINE, checkpoint, source, stage, outputs, deadLetters, trigger);
    }

    /** The offline job of {@code spec}: one run until it has caught up with the source. */
    public JobDefinition offline(FeatureSetSpec spec) {
        prepareSource(spec);
        String checkpoint = checkpoint(spec.name(), JobKind.OFFLINE);
        offlineTable.checkSchema(spark, spec, checkpoint);
        return offline(spark, spec, offlineTable, checkpoint, settings.offlineFilesPerBatch(),
                new KafkaSourceReader(spec.source(), kafka.source(spec), settings.offlineMaxOffsetsPerTrigger()),
                sinks(spec, AttachmentPoint.OFFLINE), Trigger.AvailableNow());
    }

    /**
     * The offline job of {@code spec} from its parts, as {@link #offline(FeatureSetSpec)} plans it once it has checked
     * them: the offline table output under the checkpoint's writer id, then {@code sinks}; dead letters only counted.
     * The test kit plans its offline jobs here, with an in-memory source, no sinks and its own trigger.
     *
     * @param files files written per event date and micro-batch
     */
    public static JobDefinition offline(SparkSession spark, FeatureSetSpec spec, OfflineTable table, String checkpoint,
            int files, RecordSource source, List<Output> sinks, Trigger trigger) {
        String writer = CheckpointRecords.writerId(spark, spec.name(), checkpoint);
        List<Output> outputs = new ArrayList<>(List.of(new OfflineTableOutput(table, spec, writer, files)));
        outputs.addAll(sinks);
        return new JobDefinition(spec, JobKind.OFFLINE, checkpoint, source, Optional.empty(), outputs,
                DeadLetterTarget.countOnly(), trigger);
    }

    /**
     * Slice {@code slice} of the backfill {@code plan}: its batch sources' rows in the slice's range, through the one
     * pipeline, appended to the offline table as batch {@code slice.index()} of the backfill's writer id; dead letters
     * sent to the feature set's topic. Run once ({@link JobStarter#runOnce}).
     */
    public JobDefinition backfillSlice(BackfillPlan plan, BackfillPlan.Slice slice) {
        FeatureSetSpec spec = plan.spec();
        String checkpoint = backfillCheckpoint(plan);
        offlineTable.checkSchema(spark, spec, checkpoint);
        return new JobDefinition(spec, JobKind.BACKFILL, checkpoint, new BackfillSlice(plan, slice),
                Optional.empty(), List.of(new OfflineTableOutput(offlineTable, spec, plan.id(),
                        settings.offlineFilesPerBatch())), deadLetterTarget(spec), Trigger.AvailableNow());
    }

    /**
     * The directory of backfill {@code plan}'s records: {@code <root>/<feature set>/backfill/<backfill id>}, holding
     * its committed slices, its totals, its tile seed and its completion ({@link BackfillRecords}).
     */
    public String backfillCheckpoint(BackfillPlan plan) {
        return backfillCheckpoint(plan.spec()).orElseThrow();
    }

    /**
     * The directory of the records of {@code spec}'s backfill, as {@link #backfillCheckpoint(BackfillPlan)}, without
     * planning its slices; empty for a feature set without a backfill.
     */
    public Optional<String> backfillCheckpoint(FeatureSetSpec spec) {
        return BackfillPlan.id(spec).map(id -> checkpoint(spec.name(), JobKind.BACKFILL) + "/" + id);
    }

    /**
     * The tile seed an online job of {@code spec} with checkpoint {@code checkpoint} starts from: the seed of the
     * feature set's completed backfill while the checkpoint has committed no batch, else none.
     *
     * @throws dev.freshet.core.error.FreshetException if the feature set's backfill has not completed
     */
    private Optional<String> seed(FeatureSetSpec spec, String checkpoint) {
        if (spec.backfill().isEmpty()) {
            return Optional.empty();
        }
        BackfillRecords records = new BackfillRecords(spark, backfillCheckpoint(spec).orElseThrow());
        if (!records.complete()) {
            throw FreshetErrors.backfillNotComplete(spec.name(), BackfillPlan.id(spec).orElseThrow(),
                    spec.backfill().get().end());
        }
        return BackfillRecords.hasCommittedBatch(spark, checkpoint) ? Optional.empty()
                : Optional.of(records.seed());
    }

    private DeadLetterTarget deadLetterTarget(FeatureSetSpec spec) {
        String topic = DeadLetterTopics.topic(settings.deadLetterTopicPattern(), spec.name());
        KafkaConnection application = kafka.application();
        if (settings.createDeadLetterTopics()) {
            DeadLetterTopics.ensure(application.clientProperties(), topic, settings.ioTimeout());
        }
        return new DeadLetterTarget(application.clientProperties(), topic, settings.ioTimeout());
    }

    private void prepareSource(FeatureSetSpec spec) {
        KafkaConnection connection = kafka.source(spec);
        checkTopic(KafkaClients.owner(spec), spec.source().security(), connection, () -> SourceTopics.prepare(
                spec.name(), spec.source(), connection, settings.sourceTopicCreation(), settings.ioTimeout()));
    }

    /**
     * Runs {@code check} of a topic on {@code connection}; a failure that is the broker refusing the credentials is
     * reported as about {@code owner} (a source or a sink) and its {@code security}.
     */
    private static void checkTopic(String owner, KafkaSecuritySpec security, KafkaConnection connection,
            Runnable check) {
        try {
            check.run();
        } catch (FreshetException e) {
            throw KafkaSecurityProperties.authenticationFailure(e, owner, security, connection.bootstrapServers())
                    .orElse(e);
        }
    }

    /**
     * The outputs of {@code spec}'s sinks attached at {@code attachment}, their topics checked (or created) first:
     * a {@link SinkOutput} in the job's one pass, except for the OFFLINE sinks of an aggregated set, which read their
     * vectors from the offline table after its append ({@link OfflineVectorSink}).
     */
    private List<Output> sinks(FeatureSetSpec spec, AttachmentPoint attachment) {
        List<Output> outputs = new ArrayList<>();
        for (KafkaSinkSpec sink : spec.sinks()) {
            if (sink.attachment() != attachment) {
                continue;
            }
            KafkaConnection connection = kafka.sink(spec, sink);
            checkTopic(KafkaClients.owner(spec, sink), sink.security(), connection, () -> SourceTopics.prepareSink(
                    spec, sink, connection, settings.sourceTopicCreation(), settings.ioTimeout()));
            outputs.add(attachment == AttachmentPoint.OFFLINE && spec.aggregated()
                    ? new OfflineVectorSink(spec, sink, offlineTable, connection, settings.ioTimeout())
                    : new SinkOutput(spec, sink, connection, settings.ioTimeout()));
        }
        return outputs;
    }

    /** The checkpoint location of {@code featureSet}'s {@code kind} job: {@code <root>/<feature set>/<kind>}. */
    public String checkpoint(String featureSet, JobKind kind) {
        String root = settings.checkpointRoot();
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/" + featureSet + "/"
                + kind.label();
    }
}
