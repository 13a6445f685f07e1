package dev.freshet.spark.deadletter;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static dev.freshet.testsupport.FeatureSets.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.TestEngines;
import dev.freshet.spark.deadletter.ReplayReport.Skip;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead-letter replay end to end, with the real embedded broker, Redis, Spark and Delta: a producer that started
 * writing epoch-millisecond timestamps gets its records dead-lettered by a feature set that declared ISO-8601 only;
 * after a redeploy that declares both, a replay re-ingests each of them exactly once — through a duplicate dead
 * letter, a replay that dies half-way, and repeated runs — while another feature set on the same topic ingests
 * nothing twice.
 */
class DeadLetterReplayIT {

    private static final Instant BASE = Instant.parse("2026-06-01T08:00:00Z");

    @TempDir
    Path dir;

    private final RedisNamespace redis = RedisNamespace.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String topic = "replay-" + UUID.randomUUID();
    private final String suffix = topic.substring(7, 15);
    private final List<FreshetEngine> engines = new ArrayList<>();

    @AfterEach
    void tearDown() {
        engines.forEach(FreshetEngine::close);
        redis.close();
    }

    @Test
    void replaysEachFixedDeadLetterOnceThroughDuplicatesACrashAndRepeatedRuns() {
        FeatureSetSpec isoOnly = transactions(TimestampEncoding.ISO_8601);
        FeatureSetSpec fixed = transactions(TimestampEncoding.ISO_8601, TimestampEncoding.EPOCH_MILLIS);
        FeatureSetSpec everyRecord = aFeatureSet().name("rp-all-" + suffix).topic(topic).source("tx_all")
                .fields(field("user_id", ValueType.STRING), field("timestamp", ValueType.TIMESTAMP))
                .timestampEncodings(TimestampEncoding.ISO_8601, TimestampEncoding.EPOCH_MILLIS)
                .sql("SELECT user_id, timestamp FROM tx_all", column("user_id", ValueType.STRING),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
        String deadLetters = "freshet.dlq." + isoOnly.name();
        EmbeddedKafka.createTopic(topic, 2);
        send(0, "u1", iso("u1", 1.0, 1), 1);            // p0@0 valid
        send(0, "u1", epoch("u1", 2.0, 10), 2);         // p0@1 epoch: dead-lettered by the ISO-only feature set
        send(0, "u2", "{\"user_id\":\"u2\",", 3);       // p0@2 not JSON: dead-lettered, and again when replayed
        send(0, "anonymous", iso("anonymous", 3.0, 4), 4); // p0@3 keyless after the transform: no payload kept
        send(0, "u5", epoch("u5", 5.0, 50), 5);         // p0@4 epoch
        send(1, "u2", iso("u2", 6.0, 2), 6);            // p1@0 valid
        send(1, "u3", epoch("u3", 7.0, 20), 7);         // p1@1 epoch
        send(1, "u2", epoch("u2", 8.0, 30), 8);         // p1@2 epoch, u2's newest
        send(1, "u6", epoch("u6", 9.0, 60), 9);         // p1@3 epoch

        FreshetEngine before = engine(isoOnly);
        before.startOnline(isoOnly.name(), OnlineJobSettings.declared(isoOnly).withRunMode(RunMode.AVAILABLE_NOW))
                .awaitTermination();
        // The offline job reads the records before the fix too (what a replay needs: see ADR 0015).
        assertThat(before.runOffline(isoOnly.name()).orElseThrow().written()).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> dead = EmbeddedKafka.readAll(deadLetters);
        assertThat(dead).extracting(r -> DeadLetter.fromJson(r.value()).deadLetter().reason())
                .containsExactlyInAnyOrder(
                DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.TYPE_MISMATCH,
                DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.MALFORMED_RECORD,
                DeadLetterReason.MISSING_KEY);
        // What a micro-batch run again after a crash does: the same dead letter once more (of u3's record).
        ConsumerRecord<byte[], byte[]> u3 = dead.stream()
                .filter(r -> DeadLetter.fromJson(r.value()).deadLetter().position().equals(topic + "/1/1"))
                .findFirst().orElseThrow();
        EmbeddedKafka.send(deadLetters, 0, u3.key(), u3.value(), BASE);
        // A LATE dead letter (of an aggregated job; never replayed by default, and without payload anyway).
        EmbeddedKafka.send(deadLetters, 0, "u1".getBytes(StandardCharsets.UTF_8), new DeadLetter(isoOnly.name(),
                DeadLetterReason.LATE, "event time 2026-06-01T07:00:00Z is late", topic, 0, 0, BASE, null).toJson(),
                BASE);
        before.close();
        engines.remove(before);

        // Redeployed with both encodings declared, on the same checkpoint; the other feature set starts reading the
        // topic.
        FreshetEngine engine = engine(fixed, everyRecord);
        Job online = engine.startOnline(fixed.name(), continuous(fixed));
        Job other = engine.startOnline(everyRecord.name(), continuous(everyRecord));
        ReplayOptions typeMismatches = ReplayOptions.reasons(DeadLetterReason.TYPE_MISMATCH)
                .withRecordsPerTransaction(2);

        // A replay whose process dies while re-producing its third record: the first two are committed.
        DeadLetterReplay dying = new DeadLetterReplay(fixed, kafka(), deadLetters, true, Duration.ofSeconds(30),
                meters, diesAtSourceRecord(3));
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> dying.replay(typeMismatches))
                .withMessageStartingWith("feature set \"" + fixed.name() + "\": the dead-letter replay from "
                        + deadLetters + " stopped after replaying 2 records: the replay's process died; what it"
                        + " committed stays replayed and nothing else reached a source topic: run the replay again to"
                        + " go on");
        online.processAllAvailable();

        ReplayReport again = engine.replayDeadLetters(fixed.name(), typeMismatches);
        assertThat(again.replayed()).containsOnly(entry(DeadLetterReason.TYPE_MISMATCH, 3L));
        assertThat(again.skipped()).containsOnly(
                entry(Skip.ALREADY_REPLAYED, Map.of(DeadLetterReason.TYPE_MISMATCH, 3L)),
                entry(Skip.REASON_NOT_CHOSEN, Map.of(DeadLetterReason.MALFORMED_RECORD, 1L,
                        DeadLetterReason.MISSING_KEY, 1L, DeadLetterReason.LATE, 1L)));
        assertThat(again.read()).isEqualTo(9);
        online.processAllAvailable();

        ReplayReport third = engine.replayDeadLetters(fixed.name(), typeMismatches);
        assertThat(third.replayedTotal()).isZero();
        assertThat(third.skipped(Skip.ALREADY_REPLAYED)).isEqualTo(6);

        // Every reason but LATE: the malformed record goes back, and is dead-lettered again at its new position.
        ReplayReport defaults = engine.replayDeadLetters(fixed.name(), ReplayOptions.defaults());
        assertThat(defaults.replayed()).containsOnly(entry(DeadLetterReason.MALFORMED_RECORD, 1L));
        assertThat(defaults.skipped()).containsOnly(
                entry(Skip.ALREADY_REPLAYED, Map.of(DeadLetterReason.TYPE_MISMATCH, 6L)),
                entry(Skip.NO_PAYLOAD, Map.of(DeadLetterReason.MISSING_KEY, 1L)),
                entry(Skip.REASON_NOT_CHOSEN, Map.of(DeadLetterReason.LATE, 1L)));
        online.processAllAvailable();
        other.processAllAvailable();

        // Each epoch record ingested once, as the newest of its key, on its original partition after the originals.
        assertThat(redis.hash(key(fixed, "u1"))).contains(entry("amount", "d:2.0"), entry("__p", "0"),
                entry("__ts", millis(10)));
        assertThat(redis.hash(key(fixed, "u2"))).contains(entry("amount", "d:8.0"), entry("__p", "1"),
                entry("__ts", millis(30)));
        assertThat(redis.hash(key(fixed, "u3"))).contains(entry("amount", "d:7.0"), entry("__p", "1"));
        assertThat(redis.hash(key(fixed, "u5"))).contains(entry("amount", "d:5.0"), entry("__p", "0"));
        assertThat(redis.hash(key(fixed, "u6"))).contains(entry("amount", "d:9.0"), entry("__p", "1"));
        assertThat(Long.parseLong(redis.hash(key(fixed, "u3")).get("__o"))).isGreaterThan(3);

        // The source topic: six committed replays, each of another position, with the original key and timestamp;
        // the seventh, of the replay that died, was aborted.
        List<ConsumerRecord<byte[], byte[]>> replays = replays(readCommitted(topic));
        assertThat(replays).extracting(r -> header(r, ReplayHeaders.REPLAY_OF)).containsExactlyInAnyOrder(
                topic + "/0/1", topic + "/0/2", topic + "/0/4", topic + "/1/1", topic + "/1/2", topic + "/1/3");
        assertThat(replays).allSatisfy(r -> assertThat(header(r, ReplayHeaders.REPLAY_FOR)).isEqualTo(fixed.name()));
        ConsumerRecord<byte[], byte[]> u3Replay = replays.stream()
                .filter(r -> header(r, ReplayHeaders.REPLAY_OF).equals(topic + "/1/1")).findFirst().orElseThrow();
        assertThat(u3Replay.partition()).isEqualTo(1);
        assertThat(u3Replay.key()).isEqualTo("u3".getBytes(StandardCharsets.UTF_8));
        assertThat(u3Replay.timestamp()).isEqualTo(BASE.plusSeconds(7).toEpochMilli());
        assertThat(new String(u3Replay.value(), StandardCharsets.UTF_8)).isEqualTo(epoch("u3", 7.0, 20));
        assertThat(replays(EmbeddedKafka.readAll(topic))).as("read uncommitted").hasSize(7);

        // The malformed record's second dead letter names its new position; the other feature set passed the replay
        // over, so it has one, of the original.
        List<DeadLetter> malformed = EmbeddedKafka.readAll(deadLetters).stream()
                .map(r -> DeadLetter.fromJson(r.value()).deadLetter())
                .filter(d -> d.reason() == DeadLetterReason.MALFORMED_RECORD).toList();
        assertThat(malformed).extracting(DeadLetter::partition).containsExactly(0, 0);
        assertThat(malformed.get(1).offset()).isGreaterThan(4);
        assertThat(malformed.get(1).payload()).isEqualTo(malformed.get(0).payload());
        assertThat(EmbeddedKafka.readAll("freshet.dlq." + everyRecord.name())).hasSize(1);

        // Offline: the two ISO records before the fix, the five epoch records after it, once each (the aborted copy
        // is invisible to the read-committed job).
        assertThat(engine.runOffline(fixed.name()).orElseThrow().written()).isEqualTo(5);
        assertThat(engine.offlineTable().read(SharedSpark.session(), fixed).count()).isEqualTo(7);

        assertThat(meters.counter("freshet.dead.letters.replayed", "feature.set", fixed.name(), "reason",
                "type_mismatch").count()).isEqualTo(5.0);
        assertThat(meters.counter("freshet.dead.letters.replayed", "feature.set", fixed.name(), "reason",
                "malformed_record").count()).isEqualTo(1.0);

        DeadLetterSummary summary = engine.deadLetterSummary(fixed.name());
        assertThat(summary.reasons()).containsOnly(
                entry(DeadLetterReason.TYPE_MISMATCH, new DeadLetterSummary.Counts(6, 5, 5, 0, 0)),
                entry(DeadLetterReason.MALFORMED_RECORD, new DeadLetterSummary.Counts(2, 2, 1, 0, 0)),
                entry(DeadLetterReason.MISSING_KEY, new DeadLetterSummary.Counts(1, 1, 0, 1, 0)),
                entry(DeadLetterReason.LATE, new DeadLetterSummary.Counts(1, 1, 0, 1, 0)));
        assertThat(summary.sinceLastReplay()).as("the malformed record's new dead letter").isEqualTo(1);
    }

    @Test
    void aReplayWithoutTopicCreationSaysHowToCreateItsTopic() {
        FeatureSetSpec spec = transactions(TimestampEncoding.ISO_8601);
        DeadLetterReplay replay = new DeadLetterReplay(spec, kafka(), "freshet.dlq." + spec.name(), false,
                Duration.ofSeconds(10), meters);

        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> replay.replay(ReplayOptions.defaults()))
                .withMessage("feature set \"" + spec.name() + "\": a dead-letter replay records the positions it"
                        + " replayed in topic \"freshet.dlq." + spec.name() + ".replayed\", which does not exist;"
                        + " create it (one partition, cleanup.policy=compact) or set"
                        + " freshet.dead-letter.create-topics=true")
                .satisfies(e -> assertThat(e.restartCanFix()).isFalse());
    }

    @Test
    void aFeatureSetWithoutDeadLetterTopicHasNothingToReplay() {
        FeatureSetSpec spec = transactions(TimestampEncoding.ISO_8601);
        DeadLetterReplay replay = new DeadLetterReplay(spec, kafka(), "freshet.dlq." + spec.name(), true,
                Duration.ofSeconds(10), meters);

        ReplayReport report = replay.replay(ReplayOptions.defaults());

        assertThat(report.read()).isZero();
        assertThat(replay.summary().reasons()).isEmpty();
        assertThat(EmbeddedKafka.topics()).contains("freshet.dlq." + spec.name() + ".replayed")
                .doesNotContain("freshet.dlq." + spec.name());
    }

    private FeatureSetSpec transactions(TimestampEncoding... encodings) {
        return aFeatureSet().name("rp-" + suffix).topic(topic).timestampEncodings(encodings)
                .sql("SELECT nullif(user_id, 'anonymous') AS user_id, amount, is_remote, timestamp"
                        + " FROM transaction_stream", column("user_id", ValueType.STRING),
                        column("amount", ValueType.DOUBLE), column("is_remote", ValueType.BOOLEAN),
                        column("timestamp", ValueType.TIMESTAMP))
                .build();
    }

    private FreshetEngine engine(FeatureSetSpec... specs) {
        FreshetEngine engine = TestEngines.builder(redis, dir.resolve("checkpoints"), specs)
                .kafka(kafka())
                .offlineRoot(dir.resolve("offline").toString())
                .meterRegistry(meters)
                .build();
        engines.add(engine);
        return engine;
    }

    private static OnlineJobSettings continuous(FeatureSetSpec spec) {
        return new OnlineJobSettings(Duration.ofMillis(500), 0, Duration.ZERO, RunMode.CONTINUOUS);
    }

    private static KafkaConnection kafka() {
        return KafkaConnection.of(EmbeddedKafka.bootstrapServers());
    }

    /**
     * Kafka clients whose producer dies like a killed process when it has sent the {@code n}th record to a topic other
     * than the replay's own: the record reaches the broker inside the open transaction, then nothing more happens —
     * no abort, no orderly close — until the next replay's {@code initTransactions} aborts the transaction.
     */
    private ReplayClients diesAtSourceRecord(int n) {
        return new ReplayClients() {
            private int sent;

            @Override
            @SuppressWarnings("unchecked")
            public Producer<byte[], byte[]> producer(Map<String, Object> properties) {
                KafkaProducer<byte[], byte[]> real = new KafkaProducer<>(properties);
                return (Producer<byte[], byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "abortTransaction" -> {
                                    return null; // the process is gone
                                }
                                case "close" -> {
                                    real.close(Duration.ZERO);
                                    return null;
                                }
                                default -> { }
                            }
                            Object result;
                            try {
                                result = method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (method.getName().equals("send")
                                    && !((ProducerRecord<?, ?>) args[0]).topic().endsWith(".replayed") && ++sent == n) {
                                real.flush();
                                throw new KafkaException("the replay's process died");
                            }
                            return result;
                        });
            }

            @Override
            public Consumer<byte[], byte[]> consumer(Map<String, Object> properties) {
                return ReplayClients.KAFKA.consumer(properties);
            }
        };
    }

    private void send(int partition, String key, String value, int second) {
        EmbeddedKafka.send(topic, partition, key, value, BASE.plusSeconds(second));
    }

    private static String iso(String user, double amount, int second) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":false,\"timestamp\":\""
                + BASE.plusSeconds(second) + "\"}";
    }

    private static String epoch(String user, double amount, int second) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":false,\"timestamp\":"
                + BASE.plusSeconds(second).toEpochMilli() + "}";
    }

    private String key(FeatureSetSpec spec, String user) {
        return redis.prefix() + ":" + spec.name() + ":" + user;
    }

    private static String millis(int second) {
        return Long.toString(BASE.plusSeconds(second).toEpochMilli());
    }

    private static List<ConsumerRecord<byte[], byte[]>> replays(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> header(r, ReplayHeaders.REPLAY_OF) != null).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The committed records of {@code topic}, as a read-committed consumer sees them. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to %s in 30 s", topic, end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }
}
