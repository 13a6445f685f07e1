package dev.freshet.test;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.key.EntityKeys;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.redis.OnlineRead;
import dev.freshet.redis.StoredHashes;
import dev.freshet.spark.deadletter.DeadLetterCollector;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.JobPlanner;
import dev.freshet.spark.job.JobStarter;
import dev.freshet.spark.metrics.IngestionMetrics;
import dev.freshet.spark.online.OnlineJobSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs feature sets the way their online jobs run in production, with no broker and no Redis, for users' tests: each
 * feature set's online job as {@link JobPlanner} plans it (the strict decoder, the transform, the event-time policy,
 * the tile stage and the online output), reading Spark's in-memory stream instead of Kafka and writing an
 * {@link InProcessOnlineStore} instead of Redis; dead letters are kept in memory. Reads decode the stored hashes with
 * the Redis client's own code ({@link StoredHashes}), at the driver's read time.
 *
 * <p>Sends are buffered: the next read (of features or dead letters) hands every pending record to the jobs of the
 * feature sets that read its topic, as one micro-batch per job, and waits until they are written. A read without new
 * sends only reads memory.
 *
 * <pre>{@code
 * try (FeatureSetTestDriver driver = FeatureSetTestDriver.forFeatureSets(LoginAttemptFeatures.class)) {
 *     driver.send("logins", new Login("u1", "10.0.0.1", false, Instant.parse("2026-01-01T00:00:00Z")));
 *     Optional<FeatureVector> vector = driver.readAt(Instant.parse("2026-01-01T00:00:20Z"))
 *             .features("login-attempts", "u1");
 * }
 * }</pre>
 *
 * <p>{@link #withOffline(Class[])} also runs each feature set's offline job ({@link JobPlanner#offline(SparkSession,
 * FeatureSetSpec, OfflineTable, String, int, dev.freshet.spark.source.RecordSource, List, Trigger)}) on a stream of the
 * same records, into a Delta offline table in the driver's temporary directory: {@link #offlineRows} and
 * {@link #historical()} read it.
 *
 * <p>Local mode only: tasks find the driver's store in this JVM. One driver per JVM at a time runs a given feature
 * set (Spark's query names are unique per session). Not thread-safe.
 */
public final class FeatureSetTestDriver implements AutoCloseable {

    private static final String OFFLINE = "offline:";

    private final SparkSession spark;
    private final List<FeatureSetSpec> specs;
    private final Map<String, TiledAggregation> models = new HashMap<>();
    private final Map<String, List<FeatureSetSpec>> readers = new LinkedHashMap<>();
    private String id;
    private DriverState state;
    private Path directory;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, MemoryRecordSource> sources = new LinkedHashMap<>();
    private final Map<String, List<Row>> pending = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new HashMap<>();
    private final List<SentRecord> sent = new ArrayList<>();
    private Instant readTime;
    private final boolean offline;
    private final Map<String, MemoryRecordSource> offlineSources = new LinkedHashMap<>();
    private OfflineTable offlineTable;

    private FeatureSetTestDriver(SparkSession spark, List<FeatureSetSpec> specs, boolean offline) {
        this.spark = requireNonNull(spark, "spark");
        this.offline = offline;
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("give the driver at least one feature set");
        }
        this.specs = List.copyOf(specs);
        for (FeatureSetSpec spec : specs) {
            if (spec.aggregated()) {
                models.put(spec.name(), TiledAggregation.of(spec));
            }
            for (String topic : spec.source().topics()) {
                readers.computeIfAbsent(topic, t -> new ArrayList<>()).add(spec);
            }
        }
        start();
    }

    /**
     * A driver of the feature sets declared by {@code classes} (the classes annotated with
     * {@code @StreamingFeatureSet}), found in the processor's index as the starter finds them, on {@link TestSpark}'s
     * session.
     */
    public static FeatureSetTestDriver forFeatureSets(Class<?>... classes) {
        return new FeatureSetTestDriver(TestSpark.session(), specsOf(classes), false);
    }

    /**
     * As {@link #forFeatureSets}, also running each feature set's offline job: the rows it appends to the offline
     * table (Delta, in the driver's temporary directory) are {@link #offlineRows}, and {@link #historical()} answers
     * point-in-time requests from them. Each read then runs two micro-batches per feature set, not one.
     */
    public static FeatureSetTestDriver withOffline(Class<?>... classes) {
        return new FeatureSetTestDriver(TestSpark.session(), specsOf(classes), true);
    }

    /** As {@link #withOffline(Class[])}, of {@code specs}. */
    public static FeatureSetTestDriver withOffline(Collection<FeatureSetSpec> specs) {
        return new FeatureSetTestDriver(TestSpark.session(), new ArrayList<>(specs), true);
    }

    /** A driver of {@code specs}, on {@link TestSpark}'s session. */
    public static FeatureSetTestDriver forSpecs(Collection<FeatureSetSpec> specs) {
        return new FeatureSetTestDriver(TestSpark.session(), new ArrayList<>(specs), false);
    }

    /** A driver of {@code specs} on {@code spark}, which must run in local mode. */
    public static FeatureSetTestDriver forSpecs(SparkSession spark, Collection<FeatureSetSpec> specs) {
        return new FeatureSetTestDriver(spark, new ArrayList<>(specs), false);
    }

    /**
     * The specs of the feature sets {@code classes} declare, from the processor's index on their class path.
     *
     * @throws IllegalArgumentException naming a class that declares no feature set
     */
    public static List<FeatureSetSpec> specsOf(Class<?>... classes) {
        List<FeatureSetSpec> specs = new ArrayList<>();
        for (Class<?> c : classes) {
            FeatureSetCatalog catalog = FeatureSetCatalog.discover(c.getClassLoader());
            List<FeatureSetSpec> declared = catalog.names().stream().map(catalog::get)
                    .filter(s -> s.declaringClass().equals(c.getName())).toList();
            if (declared.isEmpty()) {
                throw new IllegalArgumentException(c.getName() + " declares no feature set in the processor's index"
                        + " on its class path; is it annotated with @StreamingFeatureSet, and did the annotation"
                        + " processor run?");
            }
            specs.addAll(declared);
        }
        return specs;
    }

    private void start() {
        id = UUID.randomUUID().toString();
        state = DriverState.register(id);
        try {
            directory = Files.createTempDirectory("freshet-test-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InProcessOnlineStore store = new InProcessOnlineStore(id);
        String driverId = id;
        DeadLetterTarget deadLetters = DeadLetterTarget.collecting(collector(driverId));
        JobStarter starter = new JobStarter(spark, new IngestionMetrics(new SimpleMeterRegistry(), Clock.systemUTC()),
                Clock.systemUTC());
        try {
            for (FeatureSetSpec spec : specs) {
                OnlineJobSettings settings = new OnlineJobSettings(Duration.ofMillis(10), 0,
                        OnlineJobSettings.declaredTtl(spec), OnlineJobSettings.RunMode.CONTINUOUS);
                MemoryRecordSource source = new MemoryRecordSource(spark);
                String checkpoint = directory.resolve(spec.name()).resolve("online").toUri().toString();
                jobs.put(spec.name(), starter.start(JobPlanner.online(spec, settings, store, checkpoint, source,
                        deadLetters, Optional.empty(), List.of())));
                sources.put(spec.name(), source);
                if (offline) {
                    startOffline(starter, spec);
                }
            }
        } catch (RuntimeException e) {
            stopJobs();
            throw e;
        }
    }

    /**
     * The offline job of {@code spec} as the planner plans it, on its own in-memory stream of the same records; run
     * as a continuous query read with {@code processAllAvailable} where production runs it until caught up.
     */
    private void startOffline(JobStarter starter, FeatureSetSpec spec) {
        if (offlineTable == null) {
            offlineTable = new OfflineTable(directory.resolve("offline").toUri().toString());
        }
        MemoryRecordSource source = new MemoryRecordSource(spark);
        String checkpoint = directory.resolve(spec.name()).resolve("offline").toUri().toString();
        offlineTable.checkSchema(spark, spec, checkpoint);
        jobs.put(OFFLINE + spec.name(), starter.start(JobPlanner.offline(spark, spec, offlineTable, checkpoint, 1,
                source, List.of(), Trigger.ProcessingTime(10))));
        offlineSources.put(spec.name(), source);
    }

    private static DeadLetterCollector collector(String driverId) {
        return (letter, key) -> DriverState.of(driverId).deadLetter(letter);
    }

    /**
     * Sends {@code record}, a Java record of the topic's source type, to partition 0 of {@code topic}, serialized as
     * JSON the way the source's strict decoder expects, with no Kafka key and the read time as its Kafka timestamp
     * (the system clock until {@link #readAt} is called).
     */
    public FeatureSetTestDriver send(String topic, Object record) {
        byte[] json = SourceRecords.json(readersOf(topic).get(0).source(), requireNonNull(record, "record"));
        return send(topic, 0, readTime(), null, json);
    }

    /**
     * Sends one raw record to {@code topic}: its partition, Kafka timestamp, key (or {@code null}) and JSON value. The
     * driver gives it the next offset of its partition.
     */
    public FeatureSetTestDriver send(String topic, int partition, Instant kafkaTime, byte[] key, byte[] json) {
        List<FeatureSetSpec> reading = readersOf(topic);
        requireNonNull(kafkaTime, "kafkaTime");
        if (partition < 0) {
            throw new IllegalArgumentException("a partition is zero or more, not " + partition);
        }
        long offset = offsets.merge(topic + "\u0000" + partition, 1L, Long::sum) - 1;
        sent.add(new SentRecord(topic, partition, offset, kafkaTime, key, json));
        Row row = RowFactory.create(key, json, topic, partition, offset, Timestamp.from(kafkaTime), null);
        for (FeatureSetSpec spec : reading) {
            pending.computeIfAbsent(spec.name(), n -> new ArrayList<>()).add(row);
        }
        return this;
    }

    /** As {@link #send(String, int, Instant, byte[], byte[])}, with the key and value as UTF-8 text. */
    public FeatureSetTestDriver send(String topic, int partition, Instant kafkaTime, String key, String json) {
        return send(topic, partition, kafkaTime, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private List<FeatureSetSpec> readersOf(String topic) {
        List<FeatureSetSpec> reading = readers.get(requireNonNull(topic, "topic"));
        if (reading == null) {
            throw new IllegalArgumentException("no feature set of this driver reads topic \"" + topic
                    + "\"; they read " + readers.keySet());
        }
        return reading;
    }

    /** Sets the instant reads of aggregated sets are made at (and the Kafka timestamp of typed sends). */
    public FeatureSetTestDriver readAt(Instant time) {
        this.readTime = requireNonNull(time, "time");
        return this;
    }

    /** Moves the read time forward to {@code time}; moving it back is refused. */
    public FeatureSetTestDriver advanceTo(Instant time) {
        if (readTime != null && time.isBefore(readTime)) {
            throw new IllegalArgumentException("advanceTo moves forward: " + time + " is before the read time "
                    + readTime + "; use readAt to read at an earlier instant");
        }
        return readAt(time);
    }

    /** The read time: the last {@link #readAt} or {@link #advanceTo}, else the system clock. */
    public Instant readTime() {
        return readTime == null ? Instant.now() : readTime;
    }

    /**
     * The feature vector of {@code key} in {@code featureSet} as the online client returns it at the read time: a
     * row-level set's newest stored values ({@code get}), an aggregated set's tiles merged at the read time
     * ({@code getAsOf}); empty if the store has nothing for the key. Runs the pending records first.
     *
     * @throws dev.freshet.core.error.UnanswerableReadException if the key's tiles can no longer answer the read time,
     *                                                          as the client would throw
     */
    public Optional<FeatureVector> features(String featureSet, Object... key) {
        FeatureSetSpec spec = spec(featureSet);
        EntityKey entity = EntityKey.of(key);
        StoredHashes.checkKey(spec, entity);
        flush();
        Map<String, byte[]> hash = state.hashes(featureSet).getOrDefault(EntityKeys.encode(entity.values()),
                Map.of());
        Instant time = readTime();
        LastRead.remember(new LastRead(featureSet, entity.values(), sentFor(featureSet, key)));
        OnlineRead read = StoredHashes.read(spec, models.get(featureSet), entity, hash,
                spec.aggregated() ? time : null);
        if (read instanceof OnlineRead.Answered answered) {
            return Optional.of(answered.vector());
        }
        if (read instanceof OnlineRead.Unanswerable unanswerable) {
            throw FreshetErrors.prunedTiles(featureSet, entity, time, unanswerable.newestEventTime(),
                    models.get(featureSet).policy().maxEventTimeSkew(), unanswerable.earliestAnswerable());
        }
        return Optional.empty();
    }

    /** The dead letters of {@code featureSet} so far, ordered by source position. Runs the pending records first. */
    public List<DeadLetter> deadLetters(String featureSet) {
        spec(featureSet);
        flush();
        return state.deadLetters(featureSet).stream()
                .sorted(Comparator.comparing(DeadLetter::topic).thenComparingInt(DeadLetter::partition)
                        .thenComparingLong(DeadLetter::offset))
                .toList();
    }

    /**
     * The rows {@code featureSet}'s offline job appended to the offline table (its output columns and the source
     * position, writer and batch columns of {@link OfflineTable}). Runs the pending records first.
     *
     * @throws IllegalStateException if the driver was not made {@link #withOffline(Class[])}
     */
    public Dataset<Row> offlineRows(String featureSet) {
        FeatureSetSpec spec = spec(featureSet);
        requireOffline();
        flush();
        return offlineTable.read(spark, spec);
    }

    /**
     * Point-in-time retrieval over the offline rows, as the engine's {@code historical()} gives it: labels joined with
     * the features as of each label's time. Run {@link #offlineRows} or another read first to process pending records.
     *
     * @throws IllegalStateException if the driver was not made {@link #withOffline(Class[])}
     */
    public HistoricalFeatures historical() {
        requireOffline();
        flush();
        return new HistoricalFeatures(spark, FeatureSetCatalog.of(specs), offlineTable);
    }

    private void requireOffline() {
        if (!offline) {
            throw new IllegalStateException("this driver runs no offline jobs: make it with"
                    + " FeatureSetTestDriver.withOffline(...) to read offline rows");
        }
    }

    /** Every record sent since the driver started (or was last reset), in the order sent. */
    public List<SentRecord> sent() {
        return List.copyOf(sent);
    }

    /**
     * The records sent to {@code featureSet}'s topics whose Kafka key or JSON value holds every value of {@code key}:
     * the events that may have fed the key, for failure messages.
     */
    public List<SentRecord> sentFor(String featureSet, Object... key) {
        List<String> topics = spec(featureSet).source().topics();
        List<String> values = Arrays.stream(key).map(String::valueOf).toList();
        return sent.stream().filter(r -> topics.contains(r.topic()))
                .filter(r -> values.stream().allMatch(v -> r.valueText().contains(v)
                        || (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(v))))
                .toList();
    }

    /** Whether the driver was sent records or given a read time since it started or was last reset. */
    boolean used() {
        return !sent.isEmpty() || readTime != null;
    }

    /** The feature sets this driver runs. */
    public List<FeatureSetSpec> specs() {
        return specs;
    }

    /** The spec of {@code featureSet}, one of this driver's. */
    public FeatureSetSpec spec(String featureSet) {
        return specs.stream().filter(s -> s.name().equals(featureSet)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this driver runs " + specs.stream()
                        .map(FeatureSetSpec::name).toList() + ", not \"" + featureSet + "\""));
    }

    /** Hands the pending records to their jobs, one micro-batch each, and waits until they are written. */
    private void flush() {
        for (Map.Entry<String, List<Row>> e : pending.entrySet()) {
            if (!e.getValue().isEmpty()) {
                sources.get(e.getKey()).add(e.getValue());
                MemoryRecordSource offlineSource = offlineSources.get(e.getKey());
                if (offlineSource != null) {
                    offlineSource.add(e.getValue());
                    jobs.get(OFFLINE + e.getKey()).processAllAvailable();
                }
                jobs.get(e.getKey()).processAllAvailable();
            }
        }
        pending.clear();
    }

    /**
     * Starts again from nothing: a fresh store, fresh dead letters, fresh checkpoints and streams, no records sent,
     * the read time unset. The SparkSession stays.
     */
    public void reset() {
        stopAll();
        start();
    }

    /** Stops the jobs and deletes the driver's checkpoints and stored state. The SparkSession stays. Idempotent. */
    @Override
    public void close() {
        stopAll();
    }

    private void stopAll() {
        try {
            stopJobs();
        } finally {
            if (id != null) {
                DriverState.deregister(id);
                id = null;
            }
            delete(directory);
            directory = null;
            sources.clear();
            offlineSources.clear();
            offlineTable = null;
            pending.clear();
            offsets.clear();
            sent.clear();
            readTime = null;
        }
    }

    private void stopJobs() {
        RuntimeException failure = null;
        for (Job job : jobs.values()) {
            try {
                job.stop();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        jobs.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test driver's directory " + directory, e);
        }
    }
}
