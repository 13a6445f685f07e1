package dev.freshet.spark.consistency;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.redis.OnlineRead;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.StoredFeatures;
import dev.freshet.spark.backfill.HandOff;
import dev.freshet.spark.consistency.ConsistencyReport.FeatureConsistency;
import dev.freshet.spark.consistency.ConsistencyReport.Skip;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.pipeline.IngestionPipeline;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.LeadingColumns;
import dev.freshet.spark.row.PipelineRowLayout;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import dev.freshet.spark.source.KafkaClients;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.KafkaSourceReader;
import dev.freshet.spark.source.SourceOffsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that training and serving agree: samples keys of a feature set from its offline table, reads what the online
 * store serves for them as of an instant, recomputes the same from the offline store with {@link HistoricalFeatures},
 * and counts per feature what matched (doubles within a relative 1e-9).
 *
 * <p>The two stores are compared over the same records, so that a difference is a real one, never an artefact of one
 * store being ahead of the other:
 *
 * <ol>
 *   <li>the online store is read between two micro-batches of this engine's online job, whose last batch says up to
 *       which point of the source it reflects; the offline store holds everything before the end of this engine's
 *       last offline run;
 *   <li>where the offline store read further than the online job, only the records before the online job's point are
 *       recomputed;
 *   <li>where the online job read further, the records in between are read back from Kafka: an aggregated key with
 *       such records is compared just before the first of them (their tiles then play no part), a row-level key only
 *       if none of them is the value served ({@link Skip#CHANGED_SINCE_OFFLINE_RUN} otherwise);
 *   <li>keys the online store cannot answer at the instant are skipped ({@link Skip#NOT_ANSWERABLE_ONLINE}), as are
 *       row-level keys the online store no longer holds while a TTL is set ({@link Skip#EXPIRED_ONLINE}). An
 *       aggregated key the online store no longer holds serves empty windows, and is compared as such.
 * </ol>
 *
 * <p>So the check needs the feature set's online job running (or finished) in this engine, and an offline run
 * completed in it; built by {@code FreshetEngine.consistency}.
 */
public final class ConsistencyChecker {

    private static final double TOLERANCE = 1e-9;
    private static final int EXAMPLES = 5;
    private static final Duration SNAPSHOT_DEADLINE = Duration.ofSeconds(60);

    private final SparkSession spark;
    private final FeatureSetCatalog catalog;
    private final OfflineTable table;
    private final HistoricalFeatures historical;
    private final RedisOnlineFeatureClient online;
    private final KafkaClients kafka;
    private final Function<String, Optional<Job>> onlineJobs;
    private final Function<String, Optional<OfflineRun>> offlineRuns;
    private final Function<String, Duration> onlineTtls;
    private final Clock clock;
    private final Consumer<ConsistencyReport> reports;

    /**
     * A checker comparing {@code online} with {@code table}.
     *
     * @param kafka       the sources' connections, to read back records one store has and the other not yet
     * @param onlineJobs  the online job of a feature set, as started by the engine
     * @param offlineRuns the last offline run of a feature set the engine completed
     * @param onlineTtls  the TTL a feature set's online job writes with (zero for none)
     * @param clock       the clock of the default instant
     * @param reports     hears of every report (metrics)
     */
    public ConsistencyChecker(SparkSession spark, FeatureSetCatalog catalog, OfflineTable table,
            RedisOnlineFeatureClient online, KafkaClients kafka, Function<String, Optional<Job>> onlineJobs,
            Function<String, Optional<OfflineRun>> offlineRuns, Function<String, Duration> onlineTtls, Clock clock,
            Consumer<ConsistencyReport> reports) {
        this.spark = spark;
        this.catalog = catalog;
        this.table = table;
        this.historical = new HistoricalFeatures(spark, catalog, table);
        this.online = online;
        this.kafka = kafka;
        this.onlineJobs = onlineJobs;
        this.offlineRuns = offlineRuns;
        this.onlineTtls = onlineTtls;
        this.clock = clock;
        this.reports = reports;
    }

    /** Compares up to {@code sample} keys of {@code featureSet} now. */
    public ConsistencyReport check(String featureSet, int sample) {
        return check(featureSet, sample, clock.instant());
    }

    /**
     * Compares up to {@code sample} keys of {@code featureSet} as of {@code at}.
     *
     * @throws FreshetException if no offline run of the feature set completed in this engine, its online job does not
     *     run here or failed, or the online job never paused between micro-batches for long enough to be read
     */
    public ConsistencyReport check(String featureSet, int sample, Instant at) {
        ConsistencyReport report = compare(featureSet, sample, at);
        reports.accept(report);
        return report;
    }

    private ConsistencyReport compare(String featureSet, int sample, Instant at) {
        FeatureSetSpec spec = catalog.get(featureSet);
        SourceOffsets offlineEnd = offlineRuns.apply(featureSet).flatMap(OfflineRun::endOffsets)
                .orElseThrow(() -> new FreshetException(featureSet, "no offline run of it has completed in this"
                        + " application yet, so what the offline store holds is not known: run its offline job"
                        + " (OfflineIngestionScheduler.runNow), then check", null));
        Job job = onlineJobs.apply(featureSet).orElseThrow(() -> new FreshetException(featureSet, "its online job"
                + " does not run in this application: the check reads the online store between two of the job's"
                + " micro-batches, to know which records it reflects", null));
        job.failure().ifPresent(failure -> {
            throw new FreshetException(featureSet, "its online job failed (" + failure.getMessage() + "), and the"
                    + " online store may hold part of a micro-batch: restart the job, then check", failure);
        });
        List<EntityKey> keys = sampleKeys(spec, sample);
        Snapshot snapshot = keys.isEmpty()
                ? new Snapshot(offlineEnd, Map.of(), Map.of(), Map.of())
                : snapshot(spec, job, new KafkaSourceReader(spec.source(), kafka.source(spec), 0), offlineEnd, keys, at);
        return compare(spec, at, keys, snapshot, offlineEnd);
    }

    /** What the online store served, as of which instant per key, and which keys are not compared. */
    private record Snapshot(SourceOffsets online, Map<EntityKey, OnlineRead> reads, Map<EntityKey, Instant> instants,
            Map<EntityKey, Skip> skipped) {
    }

    private List<EntityKey> sampleKeys(FeatureSetSpec spec, int sample) {
        Column[] keyColumns = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
        Dataset<Row> keys = table.read(spark, spec).select(keyColumns).distinct().orderBy(rand(42)).limit(sample);
        EntityKeyColumns layout = EntityKeyColumns.of(RowLayout.of(keys.schema()), spec.key());
        return keys.collectAsList().stream().map(r -> new EntityKey(layout.values(r))).toList();
    }

    /**
     * Reads the online store between two micro-batches of {@code job}, then works out per key, from the records the
     * job had read and the offline store had not (read back from Kafka), as of which instant it can be compared.
     */
    private Snapshot snapshot(FeatureSetSpec spec, Job job, KafkaSourceReader source, SourceOffsets offlineEnd,
            List<EntityKey> keys, Instant at) {
        Instant deadline = Instant.now().plus(SNAPSHOT_DEADLINE);
        SourceOffsets reached = null;
        Map<EntityKey, StoredFeatures> stored = null;
        while (stored == null) {
            if (!Instant.now().isBefore(deadline)) {
                throw new FreshetException(spec.name(), "its online job did not pause between micro-batches for long"
                        + " enough to read the online store within " + SNAPSHOT_DEADLINE.toSeconds() + " s (or has"
                        + " not completed one since it started)", null);
            }
            long batch = job.lastWrittenBatch();
            Optional<SourceOffsets> point = job.endOffsets();
            if (!job.settled() || point.isEmpty()) {
                pause();
                continue;
            }
            Map<EntityKey, StoredFeatures> read = online.readAll(spec.name(), keys);
            if (job.settled() && job.lastWrittenBatch() == batch && job.endOffsets().equals(point)) {
                reached = point.get();
                stored = read;
            }
        }
        // The earliest event time, per key, of the records the online job read and the offline store has not.
        Map<EntityKey, Long> firstNewer = new HashMap<>();
        for (NewerRecord r : newerRecords(spec, source, offlineEnd, reached, keys)) {
            firstNewer.merge(r.key(), r.eventMillis(), Math::min);
        }
        Map<EntityKey, Instant> instants = new LinkedHashMap<>();
        Map<EntityKey, OnlineRead> reads = new HashMap<>();
        Map<EntityKey, Skip> skipped = new HashMap<>();
        for (EntityKey key : keys) {
            Long first = firstNewer.get(key);
            Instant t = spec.aggregated() && first != null && first < at.toEpochMilli() ? Instant.ofEpochMilli(first)
                    : at;
            OnlineRead read = stored.get(key).asOf(t);
            instants.put(key, t);
            reads.put(key, read);
            if (read instanceof OnlineRead.Unanswerable) {
                skipped.put(key, Skip.NOT_ANSWERABLE_ONLINE);
            } else if (!spec.aggregated() && first != null && !(read instanceof OnlineRead.Answered answered
                    && answered.vector().eventTime().toEpochMilli() < first)) {
                skipped.put(key, Skip.CHANGED_SINCE_OFFLINE_RUN);
            } else if (!spec.aggregated() && read instanceof OnlineRead.Absent
                    && !onlineTtls.apply(spec.name()).isZero()) {
                skipped.put(key, Skip.EXPIRED_ONLINE);
            }
        }
        return new Snapshot(reached, reads, instants, skipped);
    }

    /** One record of a sampled key between the two stores' points. */
    private record NewerRecord(EntityKey key, String topic, int partition, long offset, long eventMillis) {
    }

    /** The feature rows of {@code keys} the online job read ({@code reached}) and the offline store had not. */
    private List<NewerRecord> newerRecords(FeatureSetSpec spec, KafkaSourceReader source, SourceOffsets offlineEnd,
            SourceOffsets reached, List<EntityKey> keys) {
        if (offlineEnd.max(reached).equals(offlineEnd)) {
            return List.of(); // the offline store has read everything the online job had
        }
        ReasonCounts rejected = new ReasonCounts();
        spark.sparkContext().register(rejected, "freshet-consistency-" + spec.name() + "-rejected");
        // Where the offline store read further, there is nothing in between: both ends are its point.
        Dataset<Row> raw = source.between(spark, offlineEnd, offlineEnd.max(reached));
        ReasonCounts leftToBackfill = new ReasonCounts();
        spark.sparkContext().register(leftToBackfill, "freshet-consistency-" + spec.name() + "-skipped");
        // As the Kafka jobs do: events before a backfill's end are the backfill's, in the offline store already.
        Dataset<Row> rows = HandOff.streamSide(spec, IngestionPipeline.rows(spark, spec, raw,
                DeadLetterTarget.countOnly(), rejected), leftToBackfill);
        Dataset<Row> features = rows.where(col(ReservedColumns.KIND).equalTo(ReservedColumns.FEATURES));
        Dataset<Row> sampled = spark.createDataFrame(keys.stream().map(k -> RowFactory.create(k.values().toArray()))
                .toList(), keySchema(spec, features.schema()));
        Dataset<Row> newer = features.join(sampled, spec.key().toArray(String[]::new), "left_semi");
        PipelineRowLayout layout = PipelineRowLayout.of(spec, newer.schema());
        LeadingColumns leading = layout.leading();
        int topic = RowLayout.of(newer.schema()).index(ReservedColumns.TOPIC);
        List<NewerRecord> out = new ArrayList<>();
        for (Row r : newer.collectAsList()) {
            out.add(new NewerRecord(new EntityKey(layout.key().values(r)), r.getString(topic), leading.partition(r),
                    leading.offset(r), layout.eventMillis(r)));
        }
        return out;
    }

    private ConsistencyReport compare(FeatureSetSpec spec, Instant at, List<EntityKey> keys, Snapshot snapshot,
            SourceOffsets offlineEnd) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        spec.featureColumns().forEach(c -> counts.put(c.name(), new long[3]));
        Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
        snapshot.skipped().values().forEach(s -> skipped.merge(s, 1L, Long::sum));
        List<String> examples = new ArrayList<>();
        List<EntityKey> compared = keys.stream().filter(k -> !snapshot.skipped().containsKey(k)).toList();
        long earlier = compared.stream().filter(k -> !snapshot.instants().get(k).equals(at)).count();
        if (!compared.isEmpty()) {
            HistoricalFeatures offline = offlineEnd.max(snapshot.online()).equals(snapshot.online()) ? historical
                    : historical.before(offlineEnd.min(snapshot.online()));
            Dataset<Row> rows = offline.pointInTime(labels(spec, compared, snapshot.instants()), "__at",
                    List.of(FeatureRequest.all(spec.name())), Duration.ZERO);
            RowLayout layout = RowLayout.of(rows.schema());
            EntityKeyColumns keyColumns = EntityKeyColumns.of(layout, spec.key());
            int[] features = layout.indices(spec.featureColumns().stream().map(ColumnSpec::name).toList());
            Object[] emptyWindows = spec.aggregated() ? emptyWindows(spec) : null;
            for (Row row : rows.collectAsList()) {
                EntityKey key = new EntityKey(keyColumns.values(row));
                Object[] served = served(spec, snapshot.reads().get(key), emptyWindows);
                for (int f = 0; f < features.length; f++) {
                    ColumnSpec c = spec.featureColumns().get(f);
                    Object expected = ValueTypes.fromSparkValue(row.get(features[f]), c.type());
                    long[] n = counts.get(c.name());
                    if (served == null) {
                        n[2]++;
                    } else if (same(expected, served[f])) {
                        n[0]++;
                    } else {
                        n[1]++;
                        if (examples.size() < EXAMPLES) {
                            examples.add(key + " " + c.name() + " at " + snapshot.instants().get(key) + ": online "
                                    + served[f] + ", offline " + expected);
                        }
                    }
                }
            }
        }
        Map<String, FeatureConsistency> features = new LinkedHashMap<>();
        counts.forEach((name, n) -> features.put(name, new FeatureConsistency(n[0], n[1], n[2])));
        return new ConsistencyReport(spec.name(), at, keys.size(), features, skipped, earlier, examples,
                snapshot.online(), offlineEnd);
    }

    /**
     * The values the online store served for a compared key, in feature order: the vector's, or for an aggregated key
     * without a hash {@code emptyWindows} (every window empty, which is what it serves); null if it served nothing.
     */
    private static Object[] served(FeatureSetSpec spec, OnlineRead read, Object[] emptyWindows) {
        if (read instanceof OnlineRead.Answered answered) {
            FeatureVector vector = answered.vector();
            return spec.featureColumns().stream().map(c -> vector.feature(c.name()).value()).toArray();
        }
        return emptyWindows;
    }

    /** The features of an aggregated key with no events in any window (COUNT 0, the others null), whatever the instant. */
    private static Object[] emptyWindows(FeatureSetSpec spec) {
        TiledAggregation model = TiledAggregation.of(spec);
        return WindowedFeatures.read(model.plan(), model.layout(), ref -> null, 0L);
    }

    private Dataset<Row> labels(FeatureSetSpec spec, List<EntityKey> keys, Map<EntityKey, Instant> instants) {
        StructType schema = keySchema(spec, OfflineTable.schema(spec)).add("__at", DataTypes.TimestampType, false);
        List<Row> rows = new ArrayList<>();
        for (EntityKey key : keys) {
            List<Object> values = new ArrayList<>(key.values());
            values.add(Timestamp.from(instants.get(key)));
            rows.add(RowFactory.create(values.toArray()));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static StructType keySchema(FeatureSetSpec spec, StructType from) {
        StructType schema = new StructType();
        for (String k : spec.key()) {
            schema = schema.add(from.apply(k));
        }
        return schema;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            if (e.isNaN() || a.isNaN() || e.isInfinite() || a.isInfinite()) {
                return e.equals(a);
            }
            return Math.abs(e - a) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
        }
        return Objects.equals(expected, actual);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(null, "interrupted while waiting for the online job to finish a batch", e);
        }
    }
}
