package dev.freshet.spark;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.OnlineStoreWriter;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.TileStoreWriter;
import dev.freshet.redis.WriteFaults;
import dev.freshet.spark.aggregate.AggregationJobs;
import dev.freshet.spark.deadletter.DeadLetterProducer;
import dev.freshet.spark.deadletter.DeadLetterTopics;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.offline.ConsistencyChecker;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineJobs;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.online.OnlineJob;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobs;
import dev.freshet.spark.source.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *     OnlineJob job = engine.startOnline("user-transactions");
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every job it started and releases its Kafka and Redis clients.
 */
public final class FreshetEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FreshetEngine.class);

    private final SparkSession spark;
    private final FeatureSetCatalog catalog;
    private final KafkaConnection kafka;
    private final RedisEndpoint redis;
    private final OnlineStoreLayout layout;
    private final String checkpointRoot;
    private final String deadLetterTopicPattern;
    private final boolean createDeadLetterTopics;
    private final Duration ioTimeout;
    private final IngestionMetrics metrics;
    private final WriteFaults faults;
    private final OfflineTable offlineTable;
    private final long offlineMaxOffsetsPerTrigger;
    private final int offlineFilesPerBatch;
    private final Map<String, OnlineJob> online = new LinkedHashMap<>();
    private final Map<String, ReentrantLock> offlineRuns = new ConcurrentHashMap<>();
    private final Map<String, OfflineRunStop> offlineStops = new ConcurrentHashMap<>();

    private FreshetEngine(Builder b) {
        this.spark = requireNonNull(b.spark, "spark");
        this.catalog = requireNonNull(b.catalog, "catalog");
        this.kafka = requireNonNull(b.kafka, "kafka");
        this.redis = requireNonNull(b.redis, "redis");
        this.layout = requireNonNull(b.layout, "layout");
        this.checkpointRoot = requireNonNull(b.checkpointRoot, "checkpointRoot");
        this.deadLetterTopicPattern = b.deadLetterTopicPattern;
        this.createDeadLetterTopics = b.createDeadLetterTopics;
        this.ioTimeout = b.ioTimeout;
        this.metrics = new IngestionMetrics(b.meterRegistry);
        this.faults = b.faults;
        this.offlineTable = new OfflineTable(b.offlineRoot);
        this.offlineMaxOffsetsPerTrigger = b.offlineMaxOffsetsPerTrigger;
        this.offlineFilesPerBatch = b.offlineFilesPerBatch;
    }

    /** A builder; spark, catalog, kafka, redis and checkpointRoot are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The feature sets this engine knows. */
    public FeatureSetCatalog catalog() {
        return catalog;
    }

    /** Starts the online job of {@code featureSet} with its declared settings. */
    public OnlineJob startOnline(String featureSet) {
        return startOnline(featureSet, OnlineJobSettings.declared(catalog.get(featureSet)));
    }

    /**
     * Starts the online job of {@code featureSet}.
     *
     * @throws IllegalStateException if its online job is already running in this engine
     */
    public synchronized OnlineJob startOnline(String featureSet, OnlineJobSettings settings) {
        FeatureSetSpec spec = catalog.get(featureSet);
        OnlineJob running = online.get(featureSet);
        if (running != null && running.isActive()) {
            throw new IllegalStateException("feature set \"" + featureSet + "\": the online job is already running");
        }
        String deadLetterTopic = DeadLetterTopics.topic(deadLetterTopicPattern, featureSet);
        if (createDeadLetterTopics) {
            DeadLetterTopics.ensure(kafka.clientProperties(), deadLetterTopic, ioTimeout);
        }
        String checkpoint = checkpoint(featureSet, "online");
        OnlineJob job;
        if (spec.aggregated()) {
            TiledAggregation model = TiledAggregation.of(spec);
            Duration ttl = settings.onlineTtl().isZero() ? model.defaultTtl() : settings.onlineTtl();
            CheckpointRecords.checkDefinition(spark, featureSet, checkpoint, "tiles " + model.fingerprint() + ", key "
                    + spec.key() + ", shuffle partitions " + spark.conf().get("spark.sql.shuffle.partitions"));
            TileStoreWriter writer = TileStoreWriter.forFeatureSet(redis, layout, spec.name(), model.fingerprint(),
                    ttl).withFaults(faults);
            job = AggregationJobs.start(spark, spec, settings, kafka, writer, deadLetterTopic, checkpoint, ioTimeout,
                    metrics);
            LOG.info("feature set {}: online aggregation started (trigger {}, checkpoint {}, dead letters to Kafka"
                    + " topic {}, Redis keys {}:{}:*, TTL {}; tiles: {})", featureSet, settings.triggerInterval(),
                    checkpoint, deadLetterTopic, layout.prefix(), featureSet, ttl, model.plan().describe());
        } else {
            OnlineStoreWriter writer = OnlineStoreWriter.forFeatureSet(redis, layout, spec.name(),
                    spec.featureColumns(), settings.onlineTtl()).withFaults(faults);
            job = OnlineJobs.start(spark, spec, settings, kafka, writer, deadLetterTopic, checkpoint, ioTimeout,
                    metrics);
            LOG.info("feature set {}: online job started (trigger {}, checkpoint {}, dead letters to Kafka topic {},"
                    + " Redis keys {}:{}:*)", featureSet, settings.triggerInterval(), checkpoint, deadLetterTopic,
                    layout.prefix(), featureSet);
        }
        online.put(featureSet, job);
        return job;
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
        offlineStops.put(featureSet, stop);
        OfflineRun run;
        try {
            run = OfflineJobs.run(spark, spec, kafka, offlineTable, checkpoint(featureSet, "offline"),
                    offlineMaxOffsetsPerTrigger, offlineFilesPerBatch, metrics, stop::started);
        } catch (RuntimeException e) {
            // A stopped query may end with Spark's cancellation error: report the stop, which caused it.
            throw stop.requested() ? offlineRunStopped(featureSet, e) : e;
        } finally {
            offlineStops.remove(featureSet, stop);
            lock.unlock();
        }
        // A stopped query ends like one that caught up: only the request tells them apart.
        if (stop.requested()) {
            throw offlineRunStopped(featureSet, null);
        }
        return Optional.of(run);
    }

    /**
     * Stops the offline run of {@code featureSet} if this engine has one going on: its {@link #runOffline} call then
     * ends with an exception, and the next run resumes from the offsets this one committed. Does nothing otherwise.
     */
    public void stopOffline(String featureSet) {
        OfflineRunStop stop = offlineStops.get(featureSet);
        if (stop != null) {
            stop.request(featureSet);
        }
    }

    /** Stops the offline runs going on in this engine's session (they resume from their offsets next time). */
    public void stopOfflineRuns() {
        offlineStops.forEach((featureSet, stop) -> stop.request(featureSet));
        for (var query : spark.streams().active()) {
            if (query.name() != null && query.name().startsWith("freshet-offline-")) {
                try {
                    query.stop();
                    LOG.info("{} stopped", query.name());
                } catch (java.util.concurrent.TimeoutException e) {
                    LOG.warn("{} did not stop in time: {}", query.name(), e.getMessage());
                }
            }
        }
    }

    /** The offline store's tables. */
    public OfflineTable offlineTable() {
        return offlineTable;
    }

    /** Point-in-time retrieval from the offline store. */
    public HistoricalFeatures historical() {
        return new HistoricalFeatures(spark, catalog, offlineTable);
    }

    /** A consistency checker comparing the online store, read with {@code online}, with the offline store. */
    public ConsistencyChecker consistency(RedisOnlineFeatureClient online) {
        return new ConsistencyChecker(spark, catalog, offlineTable, online);
    }

    /** The online jobs started by this engine, running or not. */
    public synchronized Collection<OnlineJob> onlineJobs() {
        return List.copyOf(online.values());
    }

    /** The checkpoint location of {@code featureSet}'s {@code job}: {@code <root>/<feature set>/<job>}. */
    public String checkpoint(String featureSet, String job) {
        String root = checkpointRoot.endsWith("/") ? checkpointRoot.substring(0, checkpointRoot.length() - 1)
                : checkpointRoot;
        return root + "/" + featureSet + "/" + job;
    }

    /** Stops every running job, then closes the shared Kafka and Redis clients. */
    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (OnlineJob job : online.values()) {
            if (job.isActive()) {
                try {
                    job.stop();
                    LOG.info("feature set {}: online job stopped", job.featureSet());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        stopOfflineRuns();
        DeadLetterProducer.closeAll();
        OnlineStoreWriter.closeAll();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static FreshetException offlineRunStopped(String featureSet, Throwable cause) {
        return new FreshetException(featureSet, "the offline run was stopped before it caught up with the source; the"
                + " next run resumes from its checkpointed offsets", cause);
    }

    /** A request to stop one offline run, which may come before its query has started. */
    private static final class OfflineRunStop {
        private StreamingQuery query;
        private boolean requested;

        void started(StreamingQuery started) {
            boolean stopNow;
            synchronized (this) {
                query = started;
                stopNow = requested;
            }
            if (stopNow) {
                stopQuery(started);
            }
        }

        void request(String featureSet) {
            StreamingQuery running;
            synchronized (this) {
                requested = true;
                running = query;
            }
            LOG.info("feature set {}: stopping the offline run", featureSet);
            if (running != null) {
                stopQuery(running);
            }
        }

        synchronized boolean requested() {
            return requested;
        }

        private static void stopQuery(StreamingQuery query) {
            try {
                query.stop();
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("{} did not stop in time: {}", query.name(), e.getMessage());
            }
        }
    }

    /** Builds a {@link FreshetEngine}. */
    public static final class Builder {
        private SparkSession spark;
        private FeatureSetCatalog catalog;
        private KafkaConnection kafka;
        private RedisEndpoint redis;
        private OnlineStoreLayout layout = new OnlineStoreLayout(OnlineStoreLayout.DEFAULT_PREFIX);
        private String checkpointRoot;
        private String deadLetterTopicPattern = DeadLetterTopics.DEFAULT_PATTERN;
        private boolean createDeadLetterTopics = true;
        private Duration ioTimeout = Duration.ofSeconds(30);
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private WriteFaults faults = WriteFaults.none();
        private String offlineRoot = "./freshet-data/offline";
        private long offlineMaxOffsetsPerTrigger = 1_000_000;
        private int offlineFilesPerBatch = 1;

        private Builder() {}

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

        /** Fault injection into the online store's writers, for failure tests; none by default. */
        public Builder onlineStoreFaults(WriteFaults faults) {
            this.faults = requireNonNull(faults, "faults");
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

        /** The Kafka connection of sources and dead-letter topics. */
        public Builder kafka(KafkaConnection kafka) {
            this.kafka = kafka;
            return this;
        }

        /** The Redis online store and its key layout. */
        public Builder redis(RedisEndpoint redis, OnlineStoreLayout layout) {
            this.redis = redis;
            this.layout = layout;
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

        /** The engine. */
        public FreshetEngine build() {
            return new FreshetEngine(this);
        }
    }
}
