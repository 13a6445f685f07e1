package dev.freshet.spark;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.core.secret.SecretResolver;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.backfill.BackfillPlan;
import dev.freshet.spark.backfill.BackfillRecords;
import dev.freshet.spark.backfill.BackfillReport;
import dev.freshet.spark.backfill.BackfillRunner;
import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.spark.consistency.ConsistencyChecker;
import dev.freshet.spark.deadletter.DeadLetterReplays;
import dev.freshet.spark.deadletter.DeadLetterSummary;
import dev.freshet.spark.deadletter.DeadLetterTopics;
import dev.freshet.spark.deadletter.ReplayOptions;
import dev.freshet.spark.deadletter.ReplayReport;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.JobDefinition;
import dev.freshet.spark.job.JobFailure;
import dev.freshet.core.job.JobKind;
import dev.freshet.spark.job.JobPlanner;
import dev.freshet.spark.job.JobStarter;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaClients;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaProbe;
import dev.freshet.spark.source.SourceOffsets;
import dev.freshet.spark.source.SourceTopicCreation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.BoxedUnit;

/**
 * Freshet's runtime engine: starts and stops the jobs of the feature sets in a catalog, on a SparkSession. It runs
 * without Spring; the Spring Boot starter builds one from {@code freshet.*} properties.
 *
 * <pre>{@code
 * try (FreshetEngine engine = FreshetEngine.builder()
 *         .spark(spark)
 *         .catalog(FeatureSetCatalog.discover(classLoader))
 *         .kafka(KafkaConnection.of("localhost:9092"))
 *         .redis(RedisEndpoint.localhost(), new OnlineStoreLayout("freshet"))
 *         .checkpointRoot("/var/lib/freshet/checkpoints")
 *         .build()) {
 *     Job job = engine.startOnline("user-transactions");
 *     ...
 * }
 * }</pre>
 *
 * <p>Every job is planned by a {@link JobPlanner} and started by the one {@link JobStarter}; the engine keeps the
 * jobs it started. Thread-safe. {@link #close()} stops exactly those jobs: clients the jobs' tasks share on executors
 * close themselves when idle, and the session belongs to whoever created it.
 */
public final class FreshetEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FreshetEngine.class);
    /** How long a stop waits for the micro-batch being written, to stop at a batch boundary. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final FeatureSetCatalog catalog;
    private final OfflineTable offlineTable;
    private final SparkSession spark;
    private final JobPlanner planner;
    private final JobStarter starter;
    private final Clock clock;
    private final KafkaConnection kafka;
    private final Map<String, Job> online = new LinkedHashMap<>();
    private final Map<String, SupervisedJob> supervised = new LinkedHashMap<>();
    private final IngestionMetrics metrics;
    private final KafkaProbe probe;
    private final KafkaClients kafkaClients;
    /** Probes of sources on connections other than the application's, by feature set. */
    private final Map<String, KafkaProbe> sourceProbes = new ConcurrentHashMap<>();
    private final SupervisedJob.Listener jobListener;
    private final Map<String, SourceLag> lags = new ConcurrentHashMap<>();
    private final Map<String, OnlineJobSettings> onlineSettings = new ConcurrentHashMap<>();
    private final Map<String, OfflineRunStop> offlineRunsGoingOn = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> offlineRuns = new ConcurrentHashMap<>();
    private final Map<String, OfflineRun> lastOfflineRuns = new ConcurrentHashMap<>();
    private final DeadLetterReplays deadLetterReplays;
    private final BackfillRunner backfills;
    private final Duration backfillSliceLength;
    private final UnaryOperator<String> batchLocations;
    private final boolean runBackfillsFirst;
    private final Map<String, ReentrantLock> backfillRuns = new ConcurrentHashMap<>();
    private final ClusterTemplateSizes clusterTemplateSizes;
    private final Object shutdownHook;

    private FreshetEngine(Builder b) {
        // First: without Spark's JVM flags a job fails much later, deep inside Spark, with no hint of the cause.
        SparkJvmFlags.check();
        this.spark = requireNonNull(b.spark, "spark");
        this.catalog = requireNonNull(b.catalog, "catalog");
        this.offlineTable = new OfflineTable(b.offlineRoot);
        this.clock = b.clock;
        this.kafka = requireNonNull(b.kafka, "kafka");
        this.kafkaClients = new KafkaClients(kafka, b.kafkaConnections, b.secrets);
        this.planner = new JobPlanner(spark, kafkaClients,
                requireNonNull(b.onlineStore, "onlineStore (set redis(...))"), offlineTable,
                new JobPlanner.Settings(requireNonNull(b.checkpointRoot, "checkpointRoot"), b.deadLetterTopicPattern,
                        b.createDeadLetterTopics, b.sourceTopicCreation, b.ioTimeout, b.offlineMaxOffsetsPerTrigger,
                        b.offlineFilesPerBatch));
        this.metrics = new IngestionMetrics(b.meterRegistry, clock);
        this.starter = new JobStarter(spark, metrics, clock);
        this.backfills = new BackfillRunner(spark, planner, starter, offlineTable, b.onlineStore, metrics, clock);
        this.backfillSliceLength = b.backfillSliceLength;
        this.batchLocations = b.batchLocations;
        this.runBackfillsFirst = b.runBackfillsFirst;
        this.clusterTemplateSizes = b.clusterTemplateSizes;
        this.probe = new KafkaProbe(kafka);
        this.jobListener = b.jobListener;
        this.deadLetterReplays = new DeadLetterReplays(kafka, b.deadLetterTopicPattern, b.createDeadLetterTopics,
                b.ioTimeout, b.meterRegistry);
        // At JVM shutdown Spark stops its context from a hook of its own, racing the application's, and closes its Kafka
        // consumer pool from a hook of default priority before that: stop the jobs at a batch boundary before both (a
        // higher priority runs earlier), rather than let their tasks fail on a closed pool and be "restarted".
        int beforeSpark = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 1;
        this.shutdownHook = ShutdownHookManager.addShutdownHook(beforeSpark, () -> {
            closeAtShutdown();
            return BoxedUnit.UNIT;
        });
    }

    /**
     * A builder; spark, catalog, kafka, the online store and checkpointRoot are required. {@link Builder#build()}
     * first checks that the JVM runs with the flags Spark needs ({@link SparkJvmFlags#check()}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The feature sets this engine knows. */
    public FeatureSetCatalog catalog() {
        return catalog;
    }

    /** Starts the online job of {@code featureSet} with its declared settings. */
    public Job startOnline(String featureSet) {
        return startOnline(featureSet, OnlineJobSettings.declared(catalog.get(featureSet)));
    }

    /**
     * Starts the online job of {@code featureSet}.
     *
     * @throws IllegalStateException if its online job is already running in this engine
     */
    public synchronized Job startOnline(String featureSet, OnlineJobSettings settings) {
        FeatureSetSpec spec = catalog.get(featureSet);
        Job running = online.get(featureSet);
        if (running != null && running.isActive()) {
            throw new IllegalStateException("feature set \"" + featureSet + "\": the online job is already running");
        }
        JobDefinition definition = planner.online(spec, settings);
        Job job = starter.start(definition);
        online.put(featureSet, job);
        onlineSettings.put(featureSet, settings);
        LOG.info("feature set {}: online job started (trigger {}, TTL {}, checkpoint {}, dead letters to Kafka topic {}{})",
                featureSet, settings.triggerInterval(), settings.onlineTtl().isZero() ? "none" : settings.onlineTtl(),
                definition.checkpoint(), definition.deadLetters().topic(), spec.aggregated()
                        ? "; tiles: " + dev.freshet.core.tile.TiledAggregation.of(spec).plan().describe() : "");
        logClusterTemplate(spec, JobKind.ONLINE);
        return job;
    }

    /**
     * Starts the online job of {@code featureSet} and keeps it running: when its query fails, it is started again from
     * its checkpoint as {@code policy} says ({@link SupervisedJob}). The first start happens now, in this thread; if
     * it fails (a source topic missing, Kafka not answering), that is the job's first failure, handled like any later
     * one: logged once, reported to the listener and in the returned job's {@link SupervisedJob#status() status} —
     * restarted after the back-off when a restart can fix it, else {@link JobStatus.State#FAILED} at once.
     *
     * <p>A start of a feature set whose backfill has not completed runs the backfill first ({@link #runBackfill}),
     * unless the builder said otherwise: a backfill that fails is a failed start, and the restart resumes it.
     *
     * @throws FreshetException      if no feature set is called {@code featureSet}
     * @throws IllegalStateException if its online job is already supervised or running in this engine
     */
    public SupervisedJob superviseOnline(String featureSet, OnlineJobSettings settings, RestartPolicy policy) {
        catalog.get(featureSet);
        synchronized (this) {
            SupervisedJob existing = supervised.get(featureSet);
            if (existing != null && existing.status().state() != JobStatus.State.STOPPED
                    && existing.status().state() != JobStatus.State.FAILED) {
                throw new IllegalStateException("feature set \"" + featureSet
                        + "\": the online job is already supervised");
            }
            Job running = online.get(featureSet);
            if (running != null && running.isActive()) {
                throw new IllegalStateException("feature set \"" + featureSet
                        + "\": the online job is already running");
            }
        }
        SupervisedJob job = SupervisedJob.start(featureSet, JobKind.ONLINE, () -> {
                    if (runBackfillsFirst && backfillPending(featureSet)) {
                        runBackfill(featureSet, settings.onlineTtl());
                    }
                    return startOnline(featureSet, settings);
                },
                policy, clock, new SupervisedJob.Listener() {
                    @Override
                    public void failed(String name, JobKind kind, JobFailure failure, boolean givenUp) {
                        metrics.jobFailed(name, kind.label(), givenUp, failure.cause().getClass().getSimpleName());
                        jobListener.failed(name, kind, failure, givenUp);
                    }

                    @Override
                    public void restarted(String name, JobKind kind) {
                        metrics.jobRestarted(name, kind.label());
                        jobListener.restarted(name, kind);
                    }
                });
        synchronized (this) {
            if (!supervised.containsKey(featureSet)) {
                metrics.jobUp(featureSet, JobKind.ONLINE.label(), () -> {
                    SupervisedJob current = supervisedOnline(featureSet).orElse(null);
                    return current != null && current.status().running() && current.current().isActive();
                });
                metrics.jobGauge("freshet.source.records.behind", "Records of the source the online job has not read"
                        + " yet (NaN while Kafka does not answer)", featureSet, JobKind.ONLINE.label(), this,
                        engine -> engine.recordsBehind(featureSet).stream().mapToDouble(n -> n).findFirst()
                                .orElse(Double.NaN));
            }
            supervised.put(featureSet, job);
        }
        return job;
    }

    /** The supervised online job of {@code featureSet}, if this engine supervises one (or did, until it stopped). */
    public synchronized Optional<SupervisedJob> supervisedOnline(String featureSet) {
        return Optional.ofNullable(supervised.get(featureSet));
    }

    /**
     * How many records of {@code featureSet}'s source its online job has not read yet (its consumer lag), from the
     * offsets of its last micro-batch and the source topics' ends in Kafka. Asked of Kafka at most every 5 s (the
     * answer in between is the last one). Empty while Kafka does not answer or before the job's first batch.
     */
    public OptionalLong recordsBehind(String featureSet) {
        Optional<Job> job = onlineJob(featureSet);
        if (job.isEmpty()) {
            return OptionalLong.empty();
        }
        FeatureSetSpec spec = catalog.get(featureSet);
        List<String> topics = spec.source().topics();
        // A source of its own (servers, a named connection or credentials) is resolved once, for its probe: not at
        // every health or lag query.
        KafkaProbe sourceProbe = KafkaClients.usesApplicationConnection(spec) ? probe
                : sourceProbes.computeIfAbsent(featureSet, n -> new KafkaProbe(kafkaClients.source(spec)));
        return lags.computeIfAbsent(featureSet, n -> new SourceLag()).get(() -> sourceProbe.recordsBehind(topics,
                job.get().endOffsets().orElse(new SourceOffsets(Map.of())), Duration.ofSeconds(5)));
    }

    /** The brokers Kafka reports, waiting at most {@code timeout}; throws {@link FreshetException} if it does not answer. */
    public int kafkaBrokers(Duration timeout) {
        return probe.brokers(timeout);
    }

    /** The last answer of a lag query, asked again after 5 s. */
    private static final class SourceLag {
        private long askedAt = Long.MIN_VALUE;
        private OptionalLong answer = OptionalLong.empty();

        synchronized OptionalLong get(java.util.function.LongSupplier ask) {
            long now = System.nanoTime();
            if (askedAt == Long.MIN_VALUE || now - askedAt > Duration.ofSeconds(5).toNanos()) {
                askedAt = now;
                try {
                    answer = OptionalLong.of(ask.getAsLong());
                } catch (FreshetException e) {
                    answer = OptionalLong.empty();
                }
            }
            return answer;
        }
    }

    /** The supervised online jobs of this engine. */
    public synchronized Collection<SupervisedJob> supervisedJobs() {
        return List.copyOf(supervised.values());
    }

    /**
     * Runs {@code featureSet}'s offline job once, until it has caught up with the source: the one pipeline, from the
     * offline job's own offsets, appended idempotently to the feature set's Delta table.
     *
     * @return what the run did, or empty if a run of this feature set is already going on in this engine
     * @throws FreshetException if the run failed, or was stopped ({@link #stopOffline}) before it caught up
     */
    public Optional<OfflineRun> runOffline(String featureSet) {
        FeatureSetSpec spec = catalog.get(featureSet);
        ReentrantLock lock = offlineRuns.computeIfAbsent(featureSet, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.info("feature set {}: an offline run is already going on; not starting another", featureSet);
            return Optional.empty();
        }
        OfflineRunStop stop = new OfflineRunStop();
        offlineRunsGoingOn.put(featureSet, stop);
        try {
            Instant started = clock.instant();
            logClusterTemplate(spec, JobKind.OFFLINE);
            Job job = starter.start(planner.offline(spec));
            stop.started(job);
            try {
                job.awaitTermination();
            } catch (FreshetException e) {
                throw stop.requested() ? stopped(featureSet, e) : e;
            }
            if (stop.requested()) {
                throw stopped(featureSet, null);
            }
            BatchOutcome totals = job.totals();
            Optional<SourceOffsets> end = job.endOffsets().or(() -> Optional.ofNullable(lastOfflineRuns.get(featureSet))
                    .flatMap(OfflineRun::endOffsets));
            OfflineRun run = new OfflineRun(featureSet, started, clock.instant(), job.batches(), totals.records(),
                    totals.written(), totals.deadLetters(), offlineTable.path(featureSet), end);
            lastOfflineRuns.put(featureSet, run);
            if (run.records() == 0) {
                // Not "appended 0 rows": the rows are there, an earlier run (such as one just before) took them.
                LOG.info("feature set {}: offline run found no records since the offsets of the previous run; {} is up"
                        + " to date, nothing to append ({} ms)", featureSet, run.table(), run.duration().toMillis());
            } else {
                LOG.info("feature set {}: offline run appended {} rows to {} in {} batches ({} records read, not"
                        + " ingested {}) in {} ms", featureSet, run.written(), run.table(), run.batches(),
                        run.records(), run.deadLetters(), run.duration().toMillis());
            }
            return Optional.of(run);
        } finally {
            offlineRunsGoingOn.remove(featureSet, stop);
            lock.unlock();
        }
    }

    /**
     * Runs {@code featureSet}'s backfill to its end (ADR 0017), in slices of the builder's length: resumes a backfill
     * stopped part-way, and does nothing for one that completed before. The online job of a feature set with a
     * backfill starts only once it has completed; run it first.
     *
     * @return what the run did
     * @throws FreshetException      if the feature set has no backfill, or a slice failed (naming it, its batch sources
     *                               and the cause)
     * @throws IllegalStateException if the feature set's backfill is running in this engine already
     */
    public BackfillReport runBackfill(String featureSet) {
        FeatureSetSpec spec = catalog.get(featureSet);
        return runBackfill(featureSet, onlineSettings.getOrDefault(featureSet, OnlineJobSettings.declared(spec))
                .onlineTtl());
    }

    private BackfillReport runBackfill(String featureSet, Duration tileTtl) {
        FeatureSetSpec spec = catalog.get(featureSet);
        if (spec.backfill().isEmpty()) {
            throw new FreshetException(featureSet, "the feature set declares no backfill (@Backfill)", null, false);
        }
        ReentrantLock lock = backfillRuns.computeIfAbsent(featureSet, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new IllegalStateException("feature set \"" + featureSet + "\": its backfill is running already");
        }
        try {
            logClusterTemplate(spec, JobKind.BACKFILL);
            return backfills.run(BackfillPlan.of(spec, backfillSliceLength, batchLocations), tileTtl);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs the cluster template {@code spec} declares for its job of {@code kind}, which this engine does not apply: a
     * template sizes the driver and executors of a job submitted to a cluster (spark-submit, the Spark Operator),
     * while the jobs of an engine share its session, whose driver has started and whose stateful queries keep the
     * shuffle partitions of their checkpoints.
     */
    private void logClusterTemplate(FeatureSetSpec spec, JobKind kind) {
        if (spark.sparkContext().isLocal()) {
            LOG.info("feature set {}: the {} job declares {}; local mode ignores it and runs the job on this session"
                    + " ({})", spec.name(), kind.label(), clusterTemplateSizes.describe(spec, kind),
                    spark.sparkContext().master());
        } else {
            LOG.info("feature set {}: the {} job declares {}, which sizes it when it is submitted to a cluster; this"
                    + " engine runs it on its session as it is ({})", spec.name(), kind.label(),
                    clusterTemplateSizes.describe(spec, kind), spark.sparkContext().master());
        }
    }

    /** The share of its time range {@code featureSet}'s backfill has done, while it runs in this engine. */
    public OptionalDouble backfillProgress(String featureSet) {
        return backfills.progress(featureSet);
    }

    /** Whether {@code featureSet} declares a backfill that has not completed yet: its online job cannot start. */
    public boolean backfillPending(String featureSet) {
        FeatureSetSpec spec = catalog.get(featureSet);
        return planner.backfillCheckpoint(spec).map(dir -> !new BackfillRecords(spark, dir).complete()).orElse(false);
    }

    /**
     * Stops {@code featureSet}'s offline run, if one is going on in this engine (also one still being planned: it is
     * stopped as soon as its query starts); the run then ends with an exception, and the next one resumes from the
     * offsets its last completed batch committed.
     */
    public void stopOffline(String featureSet) {
        OfflineRunStop stop = offlineRunsGoingOn.get(featureSet);
        if (stop != null) {
            LOG.info("feature set {}: stopping the offline run", featureSet);
            stop.request();
        }
    }

    /** Stops the offline runs going on in this engine (they resume from their offsets next time). */
    public void stopOfflineRuns() {
        for (String featureSet : List.copyOf(offlineRunsGoingOn.keySet())) {
            stopOffline(featureSet);
        }
    }

    private static FreshetException stopped(String featureSet, Throwable cause) {
        return new FreshetException(featureSet, "the offline run was stopped before it caught up with the source; the"
                + " next run resumes from its checkpointed offsets", cause);
    }

    /** A stop of one offline run, which may be asked for before its query has started. */
    private static final class OfflineRunStop {
        private boolean requested;
        private Job job;

        synchronized void started(Job started) {
            job = started;
            if (requested) {
                job.stop();
            }
        }

        synchronized void request() {
            requested = true;
            if (job != null) {
                job.stop();
            }
        }

        synchronized boolean requested() {
            return requested;
        }
    }

    /**
     * Re-ingests {@code featureSet}'s dead letters after their cause was fixed: re-produces each one {@code options}
     * chooses to its source topic, exactly once however often it was dead-lettered and however often this runs, and
     * reports what it replayed and skipped ({@link dev.freshet.spark.deadletter.DeadLetterReplay}). The jobs then
     * ingest the records like any other. Needs no running job and no Spark.
     *
     * @throws IllegalStateException if a replay of the feature set is already going on in this engine
     * @throws FreshetException      if Kafka fails; what was committed until then stays replayed
     */
    public ReplayReport replayDeadLetters(String featureSet, ReplayOptions options) {
        return deadLetterReplays.replay(catalog.get(featureSet), options);
    }

    /** What {@code featureSet}'s dead-letter topic holds, by reason, and how much of it was replayed. */
    public DeadLetterSummary deadLetterSummary(String featureSet) {
        return deadLetterReplays.summary(catalog.get(featureSet));
    }

    /** The last offline run of {@code featureSet} this engine completed, if any. */
    public Optional<OfflineRun> lastOfflineRun(String featureSet) {
        return Optional.ofNullable(lastOfflineRuns.get(featureSet));
    }

    /** The online job of {@code featureSet} this engine started, running or not, if any. */
    public synchronized Optional<Job> onlineJob(String featureSet) {
        return Optional.ofNullable(online.get(featureSet));
    }

    /** The offline store's tables. */
    public OfflineTable offlineTable() {
        return offlineTable;
    }

    /** Point-in-time retrieval from the offline store. */
    public HistoricalFeatures historical() {
        return new HistoricalFeatures(spark, catalog, offlineTable);
    }

    /**
     * A consistency checker comparing the online store, read with {@code online}, with the offline store, over the
     * records this engine's online job and its last offline run read.
     */
    public ConsistencyChecker consistency(RedisOnlineFeatureClient online) {
        return new ConsistencyChecker(spark, catalog, offlineTable, online, kafkaClients, this::onlineJob,
                this::lastOfflineRun, name -> Optional.ofNullable(onlineSettings.get(name))
                        .map(OnlineJobSettings::onlineTtl)
                        .orElseGet(() -> OnlineJobSettings.declaredTtl(catalog.get(name))), clock,
                metrics::consistencyChecked);
    }

    /** The online jobs started by this engine, running or not. */
    public synchronized Collection<Job> onlineJobs() {
        return List.copyOf(online.values());
    }

    /** The checkpoint location of {@code featureSet}'s {@code kind} job: {@code <root>/<feature set>/<kind>}. */
    public String checkpoint(String featureSet, JobKind kind) {
        return planner.checkpoint(featureSet, kind);
    }

    private void closeAtShutdown() {
        if (!supervisedJobs().isEmpty() || !onlineJobs().isEmpty()) {
            LOG.info("Freshet: the JVM is shutting down; stopping the jobs before Spark stops its context");
        }
        try {
            close();
        } catch (RuntimeException e) {
            LOG.info("Freshet: while stopping the jobs at shutdown: {}", e.getMessage());
        }
    }

    /**
     * Stops every job this engine started and still runs: supervised jobs at a batch boundary (waiting up to 30 s for
     * the batch being written), then the others.
     */
    @Override
    public void close() {
        try {
            ShutdownHookManager.removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down, and this hook is running
        }
        List<RuntimeException> failures = new ArrayList<>();
        Collection<SupervisedJob> supervisedJobs = supervisedJobs();
        supervisedJobs.forEach(SupervisedJob::requestStop);
        for (SupervisedJob job : supervisedJobs) {
            try {
                job.stop(STOP_TIMEOUT);
                LOG.info("feature set {}: online job stopped", job.featureSet());
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        stopUnsupervised(failures);
    }

    private synchronized void stopUnsupervised(List<RuntimeException> failures) {
        for (Job job : online.values()) {
            if (job.isActive()) {
                try {
                    job.stop();
                    LOG.info("feature set {}: online job stopped", job.featureSet());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        try {
            stopOfflineRuns();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        probe.close();
        sourceProbes.values().forEach(KafkaProbe::close);
        if (spark.sparkContext().isLocal()) {
            // This JVM is the jobs' executor too: its idle shared clients (dead-letter producers, Redis pools) would
            // otherwise live until the JVM exits, and reconnect meanwhile to servers that stop with the application.
            ExecutorClients.closeUnleasedEverywhere();
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Builds a {@link FreshetEngine}. */
    public static final class Builder {
        private SparkSession spark;
        private FeatureSetCatalog catalog;
        private KafkaConnection kafka;
        private Map<String, KafkaConnection> kafkaConnections = Map.of();
        private SecretResolver secrets = SecretResolver.environmentVariables(System.getenv());
        private OnlineStore onlineStore;
        private String checkpointRoot;
        private String deadLetterTopicPattern = DeadLetterTopics.DEFAULT_PATTERN;
        private boolean createDeadLetterTopics = true;
        private Optional<SourceTopicCreation> sourceTopicCreation = Optional.empty();
        private Duration ioTimeout = Duration.ofSeconds(30);
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private String offlineRoot = "./freshet-data/offline";
        private long offlineMaxOffsetsPerTrigger = 1_000_000;
        private int offlineFilesPerBatch = 1;
        private Clock clock = Clock.systemUTC();
        private Duration backfillSliceLength = Duration.ofDays(1);
        private UnaryOperator<String> batchLocations = UnaryOperator.identity();
        private boolean runBackfillsFirst = true;
        private ClusterTemplateSizes clusterTemplateSizes = ClusterTemplateSizes.defaults();
        private SupervisedJob.Listener jobListener = new SupervisedJob.Listener() {
            @Override
            public void failed(String featureSet, JobKind kind, JobFailure failure, boolean givenUp) {}

            @Override
            public void restarted(String featureSet, JobKind kind) {}
        };

        private Builder() {}

        /** Hears of the failures and restarts of supervised jobs, besides the engine's metrics (default: none). */
        public Builder jobListener(SupervisedJob.Listener listener) {
            this.jobListener = requireNonNull(listener, "listener");
            return this;
        }

        /** Directory (any Hadoop file system URI) of the offline store's tables. */
        public Builder offlineRoot(String root) {
            this.offlineRoot = requireNonNull(root, "root");
            return this;
        }

        /** Upper bound of records per micro-batch of an offline run, and files written per date and batch. */
        public Builder offlineBatches(long maxOffsetsPerTrigger, int filesPerBatch) {
            this.offlineMaxOffsetsPerTrigger = maxOffsetsPerTrigger;
            this.offlineFilesPerBatch = filesPerBatch;
            return this;
        }

        /**
         * The length of event time a backfill reads, appends and commits at once (default one day): a stopped backfill
         * resumes with the slice it was in, and each slice's rows must fit the cluster's memory and disk.
         */
        public Builder backfillSlices(Duration length) {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a backfill's slice length must be positive, not " + length);
            }
            this.backfillSliceLength = length;
            return this;
        }

        /**
         * How the locations batch sources declare become the ones read (default: as declared); the Spring Boot starter
         * resolves {@code ${…}} placeholders from the application's configuration.
         */
        public Builder batchLocations(UnaryOperator<String> resolve) {
            this.batchLocations = requireNonNull(resolve, "resolve");
            return this;
        }

        /**
         * Whether a supervised online job whose feature set has a backfill not completed yet runs the backfill first,
         * as part of its start (default true); if not, its start fails until the backfill is run.
         */
        public Builder runBackfillsBeforeOnlineJobs(boolean run) {
            this.runBackfillsFirst = run;
            return this;
        }

        /**
         * What each cluster-template size means (default {@link ClusterTemplateSizes#defaults()}); the engine only logs
         * the size and resources each job declares, as it runs every job on its own session.
         */
        public Builder clusterTemplateSizes(ClusterTemplateSizes sizes) {
            this.clusterTemplateSizes = requireNonNull(sizes, "sizes");
            return this;
        }

        /** The session jobs run on. */
        public Builder spark(SparkSession spark) {
            this.spark = spark;
            return this;
        }

        /** The feature sets. */
        public Builder catalog(FeatureSetCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /**
         * Kafka connections sources and sinks may name ({@code @KafkaSink(connection = "analytics")}), by name; none
         * by default.
         */
        public Builder kafkaConnections(Map<String, KafkaConnection> connections) {
            this.kafkaConnections = Map.copyOf(connections);
            return this;
        }

        /**
         * Where the secrets named by {@code @KafkaSecurity} are resolved, on the driver when a job is planned;
         * environment variables by default ({@link SecretResolver#environmentVariables}).
         */
        public Builder secrets(SecretResolver resolver) {
            this.secrets = requireNonNull(resolver, "resolver");
            return this;
        }

        /** The Kafka connection of sources and dead-letter topics. */
        public Builder kafka(KafkaConnection kafka) {
            this.kafka = kafka;
            return this;
        }

        /** The Redis online store and its key layout. */
        public Builder redis(RedisEndpoint redis, OnlineStoreLayout layout) {
            return onlineStore(new RedisOnlineStore(redis, layout));
        }

        /**
         * The online store the jobs write, instead of {@link #redis}: a store of another kind, or a wrapper around one
         * (tests wrap the Redis store to make it fail after some writes).
         */
        public Builder onlineStore(OnlineStore store) {
            this.onlineStore = requireNonNull(store, "store");
            return this;
        }

        /** Directory (any Hadoop file system URI) under which each job keeps its checkpoint. */
        public Builder checkpointRoot(String checkpointRoot) {
            this.checkpointRoot = checkpointRoot;
            return this;
        }

        /** Dead-letter topic pattern, with a {@code {featureSet}} placeholder. */
        public Builder deadLetterTopicPattern(String pattern) {
            this.deadLetterTopicPattern = requireNonNull(pattern, "pattern");
            return this;
        }

        /** Whether to create missing dead-letter topics when a job starts (default true). */
        public Builder createDeadLetterTopics(boolean create) {
            this.createDeadLetterTopics = create;
            return this;
        }

        /**
         * Creates a job's missing source topics as {@code creation} says when the job starts (for development
         * brokers). Without this, a job whose source topic does not exist fails to start, naming the topic, the
         * brokers and this option; a supervised job is then given up at once (a restart would not create it).
         */
        public Builder createMissingSourceTopics(SourceTopicCreation creation) {
            this.sourceTopicCreation = Optional.of(requireNonNull(creation, "creation"));
            return this;
        }

        /** How long to wait for Kafka and Redis acknowledgements before failing a batch. */
        public Builder ioTimeout(Duration timeout) {
            this.ioTimeout = requireNonNull(timeout, "timeout");
            return this;
        }

        /** Where metrics go (default: a registry of its own). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = requireNonNull(registry, "registry");
            return this;
        }

        /** The clock offline runs are timed with (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** The engine. */
        public FreshetEngine build() {
            return new FreshetEngine(this);
        }
    }
}
