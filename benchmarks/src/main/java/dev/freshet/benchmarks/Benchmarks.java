package dev.freshet.benchmarks;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.FreshetSparkConf;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.FeatureSets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Runs every benchmark on the same events, in one JVM with Spark {@code local[2]}, and writes the report:
 *
 * <ol>
 *   <li>Freshet's aggregation path as users run it (embedded Kafka → decode → SQL → tiles in RocksDB state → Redis):
 *       AVG and SUM of amount and BOOLEAN_OR of is_remote over 1m, 1h, 3h, 1d, 7d (15 features);
 *   <li>Freshet's row-level path on the same topic (same SQL, no aggregation);
 *   <li>the practical limit: an in-memory Spark batch job building 1-minute tiles and rolling them up;
 *   <li>Spark's naive sliding {@code window(ts, w, "1 minute")} per window, on as many events as finish in about a
 *       minute each;
 *   <li>online reads of one key's 15 features through {@link RedisOnlineFeatureClient} next to a raw Lettuce
 *       {@code HGETALL} of the same hash;
 *   <li>one risk feature computed on the row-level path by plain SQL, by a Java SQL function and by a typed record
 *       transform ({@link TransformsBench});
 *   <li>the same events into both stores of an aggregated set by a backfill from Parquet and by the stream's online
 *       and offline jobs from Kafka ({@link BackfillBench}).
 * </ol>
 *
 * Rates are steady-state: Freshet's first micro-batch and a warm-up run of each baseline are not counted; the backfill
 * and the stream it is compared with are timed end to end, after a warm-up round.
 */
public final class Benchmarks {

    private Benchmarks() {}

    /**
     * {@code --events N --report path [--naive-seconds S] [--reads N] [--freshet-only true] [--pit-only true]
     * [--transforms-only true] [--backfill-only true]}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int count = Integer.parseInt(options.getOrDefault("events", "300000"));
        Path report = Path.of(options.getOrDefault("report", "benchmarks-report.md"));
        double naiveSeconds = Double.parseDouble(options.getOrDefault("naive-seconds", "300"));
        int reads = Integer.parseInt(options.getOrDefault("reads", "20000"));
        Events events = new Events(count, 1000, 4, 42);
        Report out = new Report(count, events, naiveSeconds);

        SparkSession spark = session();
        if (Boolean.parseBoolean(options.getOrDefault("pit-only", "false"))) {
            out.pointInTime.add(PointInTimeBench.run(spark, 100_000, 100, 1_000_000));
            out.pointInTime.add(PointInTimeBench.run(spark, 100_000, 10, 1_000_000));
            spark.stop();
            System.exit(0);
        }
        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        EmbeddedKafka.createTopic(topic, 2);
        long t0 = System.nanoTime();
        produce(topic, events);
        System.out.printf("[bench] produced %,d events in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);

        String prefix = "freshet-bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path checkpoints = Files.createTempDirectory("freshet-bench");
        FeatureSetSpec aggregated = aggregates("bench-aggregates", topic).build();
        FeatureSetSpec rowLevel = aFeatureSet().name("bench-rows").topic(topic).build();
        boolean transformsOnly = Boolean.parseBoolean(options.getOrDefault("transforms-only", "false"));
        boolean backfillOnly = Boolean.parseBoolean(options.getOrDefault("backfill-only", "false"));
        boolean all = !transformsOnly && !backfillOnly;
        Path offline = Files.createTempDirectory("freshet-bench-offline");
        String parquet = Files.createTempDirectory("freshet-bench-batch").resolve("events").toString();
        List<FeatureSetSpec> specs = new ArrayList<>();
        if (!backfillOnly) {
            specs.addAll(TransformsBench.specs(topic));
        }
        if (all) {
            specs.addAll(List.of(aggregated, rowLevel));
        }
        if (!transformsOnly) {
            BackfillBench.writeSource(spark, events, parquet);
            specs.addAll(BackfillBench.specs(topic, events, parquet));
        }
        try (FreshetEngine engine = FreshetEngine.builder().spark(spark)
                .catalog(FeatureSetCatalog.of(specs))
                .kafka(KafkaConnection.of(EmbeddedKafka.bootstrapServers()))
                .redis(RedisEndpoint.localhost(), new OnlineStoreLayout(prefix))
                .offlineRoot(offline.toString()).backfillSlices(BackfillBench.SLICE)
                .checkpointRoot(checkpoints.toString()).build()) {
            if (all) {
                out.freshetAggregation = run(engine, aggregated, count).eventsPerSecond();
                out.freshetRowLevel = run(engine, rowLevel, count).eventsPerSecond();
                measureStoreAndReads(out, aggregated, prefix, events, reads);
            }
            if (!backfillOnly) {
                out.transforms = TransformsBench.run(engine, topic, prefix, events, count);
            }
            if (!transformsOnly) {
                out.backfill = BackfillBench.run(engine, spark, offline.toString(), prefix, topic, events, parquet);
            }
        } finally {
            cleanRedis(prefix);
        }

        if (transformsOnly) {
            out.writeTransforms(report);
            System.out.println("[bench] Java-transforms section written to " + report);
            spark.stop();
            System.exit(0);
        }
        if (backfillOnly) {
            out.writeBackfill(report);
            System.out.println("[bench] backfill section written to " + report);
            spark.stop();
            System.exit(0);
        }

        if (Boolean.parseBoolean(options.getOrDefault("freshet-only", "false"))) {
            spark.stop();
            System.exit(0);
        }
        Dataset<Row> frame = events.frame(spark);
        Baselines.inMemoryTiles(Baselines.first(spark, frame, Math.min(count, 20_000)), events.end()); // warm-up
        double seconds = Baselines.inMemoryTiles(frame, events.end());
        out.inMemory = count / seconds;
        System.out.printf("[bench] in-memory 1-minute tiles: %,.0f events/s%n", out.inMemory);

        for (Duration w : Baselines.WINDOWS) {
            // Probe with few events (a 7-day window copies each event 10,080 times, and Spark's plan for it takes
            // seconds to build whatever the data), growing until a run takes a tenth of the budget, so that the fixed
            // cost does not dominate the estimate; then size the measured run to the budget.
            int probe = 20;
            double probeSeconds;
            Dataset<Row> warmUp = Baselines.first(spark, frame, probe);
            Baselines.naiveWindow(warmUp, w);
            warmUp.unpersist();
            while (true) {
                Dataset<Row> sample = Baselines.first(spark, frame, probe);
                probeSeconds = Baselines.naiveWindow(sample, w);
                sample.unpersist();
                if (probeSeconds >= naiveSeconds / 10 || probe >= count) {
                    break;
                }
                probe = Math.min(count, probe * 5);
            }
            int n = (int) Math.max(probe, Math.min(count, probe / probeSeconds * naiveSeconds));
            Dataset<Row> sample = Baselines.first(spark, frame, n);
            double elapsed = n == probe ? probeSeconds : Baselines.naiveWindow(sample, w);
            out.naive.put(w, new double[] {n, n / elapsed});
            System.out.printf("[bench] naive window %s: %,d events in %.1f s = %,.1f events/s%n", w, n, elapsed,
                    n / elapsed);
            sample.unpersist();
        }
        long pitKeys = Long.parseLong(options.getOrDefault("pit-keys", "100000"));
        long pitLabels = Long.parseLong(options.getOrDefault("pit-labels", "1000000"));
        out.pointInTime.add(PointInTimeBench.run(spark, pitKeys, 100, pitLabels));
        out.pointInTime.add(PointInTimeBench.run(spark, pitKeys, 10, pitLabels));
        out.write(report);
        System.out.println("[bench] report written to " + report);
        spark.stop();
        System.exit(0);
    }

    private static SparkSession session() throws Exception {
        var builder = SparkSession.builder().master("local[2]").appName("freshet-benchmarks");
        Map<String, String> conf = new java.util.LinkedHashMap<>(FreshetSparkConf.defaults("local[2]"));
        conf.put("spark.sql.shuffle.partitions", "2");
        if (System.getProperty("freshet.bench.stateStore") != null) {
            conf.put("spark.sql.streaming.stateStore.providerClass", System.getProperty("freshet.bench.stateStore"));
        }
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.warehouse.dir", Files.createTempDirectory("freshet-bench-warehouse").toString());
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    private static void produce(String topic, Events events) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Events.Event e : events.generate()) {
                producer.send(new ProducerRecord<>(topic, null, e.time().toEpochMilli() + 1000, e.user(), e.json()));
            }
            producer.flush();
        }
    }

    /**
     * An aggregated feature set called {@code name} on {@code topic}: AVG and SUM of amount and BOOLEAN_OR of is_remote
     * over {@link Baselines#WINDOWS}, 5 minutes of lateness.
     */
    static FeatureSets.Builder aggregates(String name, String topic) {
        return aFeatureSet().name(name).topic(topic)
                .aggregate(List.of(new AggregationSpec(AggregateFunction.AVG, "amount", ""),
                        new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                        new AggregationSpec(AggregateFunction.BOOLEAN_OR, "is_remote", "had_remote_transaction")),
                        Duration.ofMinutes(5), Baselines.WINDOWS.toArray(Duration[]::new));
    }

    /**
     * One job's run over the whole topic.
     *
     * @param eventsPerSecond steady-state rate: Kafka records per second of the micro-batches after the first
     * @param totals          what the job wrote and dead-lettered, over all its micro-batches
     */
    record Measured(double eventsPerSecond, BatchOutcome totals) {
    }

    /** Runs a job over the whole topic of {@code count} events in six micro-batches; measures the later ones. */
    static Measured run(FreshetEngine engine, FeatureSetSpec spec, int count) {
        Job job = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec)
                .withRunMode(OnlineJobSettings.RunMode.AVAILABLE_NOW).withMaxOffsetsPerTrigger(eventsPerBatch(count)));
        job.awaitTermination();
        StreamingQueryProgress[] progress = job.query().recentProgress();
        long rows = 0;
        long millis = 0;
        for (int i = 1; i < progress.length; i++) {
            rows += records(progress[i]);
            millis += progress[i].durationMs().get("triggerExecution");
        }
        double rate = rows * 1000.0 / millis;
        System.out.printf("[bench] %s: %d batches, steady state %,d events in %.1f s = %,.0f events/s (totals %s)%n",
                spec.name(), progress.length, rows, millis / 1000.0, rate, job.totals());
        for (StreamingQueryProgress p : progress) {
            System.out.printf("[bench]   batch %d: %,d records, %s %s%n", p.batchId(), records(p), p.durationMs(),
                    p.stateOperators().length == 0 ? "" : "state: commit " + p.stateOperators()[0].commitTimeMs()
                            + " ms, updates " + p.stateOperators()[0].allUpdatesTimeMs() + " ms, "
                            + p.stateOperators()[0].memoryUsedBytes() / 1024 + " KiB");
        }
        return new Measured(rate, job.totals());
    }

    /** The most events {@link #run} lets one micro-batch read of a topic of {@code count}: six batches a run. */
    static int eventsPerBatch(int count) {
        return count / 6 + 1;
    }

    /** Kafka records a micro-batch consumed, from its source offsets. */
    private static long records(StreamingQueryProgress progress) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            long total = 0;
            for (var source : progress.sources()) {
                var start = json.readTree(source.startOffset() == null ? "{}" : source.startOffset());
                var end = json.readTree(source.endOffset());
                for (var topic : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                        end::fields) {
                    for (var partition : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                            topic.getValue()::fields) {
                        var from = start.path(topic.getKey()).path(partition.getKey());
                        total += partition.getValue().asLong() - (from.isMissingNode() ? 0 : from.asLong());
                    }
                }
            }
            return total;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void measureStoreAndReads(Report out, FeatureSetSpec spec, String prefix, Events events,
            int reads) {
        TiledAggregation model = TiledAggregation.of(spec);
        OnlineStoreLayout layout = new OnlineStoreLayout(prefix);
        Instant at = events.end();
        RedisClient raw = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, byte[]> connection =
                        raw.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), layout,
                        FeatureSetCatalog.of(List.of(spec)))) {
            long bytes = 0;
            long tiles = 0;
            for (int k = 0; k < events.keys(); k++) {
                Map<String, byte[]> hash = connection.sync().hgetall(layout.key(spec.name(), List.of("user-" + k)));
                for (Map.Entry<String, byte[]> e : hash.entrySet()) {
                    bytes += e.getKey().length() + e.getValue().length;
                    if (model.plan().parseFieldName(e.getKey()).isPresent()) {
                        tiles++;
                    }
                }
            }
            out.redisBytesPerKey = bytes / (double) events.keys();
            out.tilesPerKey = tiles / (double) events.keys();
            out.stateBytesPerKey = out.tilesPerKey * (8 + 8 * model.layout().width());
            out.tilesMerged = WindowedFeatures.tilesMerged(model.plan(), at.toEpochMilli());
            out.tilesMergedWorst = worstTilesMerged(model);

            Random random = new Random(7);
            long[] freshet = new long[reads];
            long[] hgetall = new long[reads];
            for (int round = 0; round < 2; round++) { // the first round warms up both paths
                for (int i = 0; i < reads; i++) {
                    String user = "user-" + random.nextInt(events.keys());
                    long a = System.nanoTime();
                    client.getAsOf(spec.name(), EntityKey.of(user), at).orElseThrow();
                    long b = System.nanoTime();
                    connection.sync().hgetall(layout.key(spec.name(), List.of(user)));
                    long c = System.nanoTime();
                    freshet[i] = b - a;
                    hgetall[i] = c - b;
                }
            }
            out.readFreshet = percentiles(freshet);
            out.readRaw = percentiles(hgetall);
            System.out.printf("[bench] reads: Freshet p50 %.3f ms p99 %.3f ms; HGETALL p50 %.3f ms p99 %.3f ms;"
                    + " %.0f bytes and %.0f tiles per key%n", out.readFreshet[0], out.readFreshet[1], out.readRaw[0],
                    out.readRaw[1], out.redisBytesPerKey, out.tilesPerKey);
        } finally {
            raw.shutdown();
        }
    }

    private static int worstTilesMerged(TiledAggregation model) {
        Random random = new Random(3);
        int worst = 0;
        for (int i = 0; i < 100_000; i++) {
            long t = Events.START.toEpochMilli() + (long) (random.nextDouble() * Duration.ofDays(30).toMillis());
            worst = Math.max(worst, WindowedFeatures.tilesMerged(model.plan(), t / 1000 * 1000));
        }
        return worst;
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
    }

    private static void cleanRedis(String prefix) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (var c = client.connect()) {
            List<String> keys = new ArrayList<>(c.sync().keys(prefix + ":*"));
            for (int i = 0; i < keys.size(); i += 1000) {
                c.sync().del(keys.subList(i, Math.min(keys.size(), i + 1000)).toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
