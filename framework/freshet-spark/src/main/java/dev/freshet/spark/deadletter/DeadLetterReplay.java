package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.deadletter.ReplayReport.Skip;
import dev.freshet.spark.source.KafkaConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-ingests a feature set's dead letters after their cause is fixed: each dead letter with a payload is re-produced
 * to its source topic and partition as the original record (key, value bytes, Kafka timestamp) with the
 * {@link ReplayHeaders} naming what it replays, and the jobs then ingest it like any record. A record whose cause is
 * not fixed is dead-lettered again, at its new position.
 *
 * <pre>{@code
 * ReplayReport report = engine.replayDeadLetters("user-transactions", ReplayOptions.defaults());
 * }</pre>
 *
 * <p>Exactly once, across failures and repeated runs ({@code docs/adr/0015-dead-letter-replay.md}):
 *
 * <ul>
 *   <li>The replay produces in Kafka transactions, with the transactional id {@code freshet-replay-<feature set>}:
 *       starting a replay fences an older one of the same feature set that is still running and aborts what it left
 *       open. The jobs read their sources read-committed, so a record of an aborted transaction is never ingested.
 *   <li>Every source position replayed is recorded in the compacted topic {@code <dead-letter topic>.replayed}, in
 *       the same transaction as the record it re-produces, and a replay reads that topic first. So a position is
 *       replayed once however many dead letters it has (a micro-batch run again after a failure sends its dead letters
 *       again) and however often the replay runs.
 *   <li>The consumer offsets of group {@code freshet-replay-<feature set>} are committed in the same transactions:
 *       they show what the last replay read (the summary's "since last replay"). A replay still reads the whole topic,
 *       so dead letters of a reason not chosen once can be replayed later.
 * </ul>
 *
 * <p>A replay reads what the dead-letter topic holds when it starts, and returns a {@link ReplayReport}. It needs no
 * Spark: plain Kafka clients, opened and closed by each call. Not for concurrent use on one feature set (a second
 * replay fences the first).
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration POLL = Duration.ofMillis(200);

    private final FeatureSetSpec spec;
    private final KafkaConnection kafka;
    private final String deadLetterTopic;
    private final boolean createTopics;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final ReplayClients clients;

    /**
     * A replay of {@code spec}'s dead letters from {@code deadLetterTopic}.
     *
     * @param createTopics whether to create {@code <dead-letter topic>.replayed} when it is missing (otherwise a
     *                     replay without it fails, saying how to create it)
     * @param timeout      how long to wait for Kafka at each step
     * @param meters       where {@code freshet.dead.letters.replayed} is counted
     */
    public DeadLetterReplay(FeatureSetSpec spec, KafkaConnection kafka, String deadLetterTopic, boolean createTopics,
            Duration timeout, MeterRegistry meters) {
        this(spec, kafka, deadLetterTopic, createTopics, timeout, meters, ReplayClients.KAFKA);
    }

    DeadLetterReplay(FeatureSetSpec spec, KafkaConnection kafka, String deadLetterTopic, boolean createTopics,
            Duration timeout, MeterRegistry meters, ReplayClients clients) {
        this.spec = requireNonNull(spec, "spec");
        this.kafka = requireNonNull(kafka, "kafka");
        this.deadLetterTopic = requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.createTopics = createTopics;
        this.timeout = requireNonNull(timeout, "timeout");
        this.meters = requireNonNull(meters, "meters");
        this.clients = requireNonNull(clients, "clients");
    }

    /** The topic in which replays record the positions they replayed: {@code <dead-letter topic>.replayed}. */
    public static String replayedTopic(String deadLetterTopic) {
        return deadLetterTopic + ".replayed";
    }

    /** The transactional id and consumer group of {@code featureSet}'s replays: {@code freshet-replay-<name>}. */
    public static String replayId(String featureSet) {
        return "freshet-replay-" + featureSet;
    }

    /**
     * Replays the dead letters the topic holds now that {@code options} chooses and that were not replayed before.
     *
     * @throws FreshetException if Kafka fails or does not answer in time, or another replay of the feature set takes
     *                          over; what the replay committed until then stays replayed, and nothing else reached a
     *                          source topic (run it again to go on)
     */
    public ReplayReport replay(ReplayOptions options) {
        String featureSet = spec.name();
        String replayedTopic = replayedTopic(deadLetterTopic);
        ReplaySelection selection = new ReplaySelection(featureSet, spec.source().topics(), options);
        Tally tally = new Tally(featureSet, deadLetterTopic);
        prepare(replayedTopic);
        try (Producer<byte[], byte[]> producer = clients.producer(producerProperties());
                Consumer<byte[], byte[]> consumer = clients.consumer(consumerProperties(replayId(featureSet)))) {
            // First: fences an older replay of this feature set and aborts what it left open, so that the positions
            // read next are all a replay committed.
            producer.initTransactions();
            Set<String> replayed = readReplayed(replayedTopic);
            List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
            if (partitions.isEmpty()) {
                LOG.info("feature set {}: no dead-letter topic {}: nothing to replay", featureSet, deadLetterTopic);
                return tally.report();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            LOG.info("feature set {}: replaying the dead letters of {} up to offsets {} (reasons {}; {} positions"
                    + " replayed before)", featureSet, deadLetterTopic, end, options.reasons(), replayed.size());
            Transaction transaction = new Transaction(producer, consumer, tally);
            try {
                read(consumer, partitions, end, record -> {
                    Optional<DeadLetter.Parsed> parsed = parse(record);
                    if (parsed.isEmpty()) {
                        tally.unreadable++;
                    } else {
                        DeadLetter d = parsed.get().deadLetter();
                        Optional<Skip> skip = selection.skip(parsed.get(), replayed);
                        if (skip.isPresent()) {
                            tally.skipped(skip.get(), d.reason());
                        } else {
                            transaction.replay(d, record.key(), replayedTopic, record);
                            replayed.add(ReplaySelection.key(d));
                        }
                    }
                    transaction.read(record);
                    if (transaction.records() >= options.recordsPerTransaction()) {
                        transaction.commit();
                    }
                });
                transaction.commit();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw new FreshetException(featureSet, "another replay of this feature set's dead letters started"
                        + " (transactional id " + replayId(featureSet) + "), in this application or another, and this"
                        + " one stopped after replaying " + tally.replayedTotal() + " records; what it committed stays"
                        + " replayed, and the other replay goes on from there", e);
            } catch (RuntimeException e) {
                transaction.abort(e);
                throw new FreshetException(featureSet, "the dead-letter replay from " + deadLetterTopic
                        + " stopped after replaying " + tally.replayedTotal() + " records: " + e.getMessage() + "; what"
                        + " it committed stays replayed and nothing else reached a source topic: run the replay again"
                        + " to go on", e);
            }
        } catch (KafkaException e) {
            throw new FreshetException(featureSet, "cannot replay dead letters from " + deadLetterTopic + ": " + e
                    + "; check the Kafka connection (bootstrap servers " + kafka.bootstrapServers() + ") and that the"
                    + " broker allows transactions", e);
        }
        ReplayReport report = tally.report();
        LOG.info("{}", report);
        return report;
    }

    /**
     * What the dead-letter topic holds for the feature set, by reason, and how much of it was replayed. Reads the
     * whole topic and {@code <dead-letter topic>.replayed}.
     *
     * @throws FreshetException if Kafka does not answer in time
     */
    public DeadLetterSummary summary() {
        String featureSet = spec.name();
        Map<DeadLetterReason, long[]> messages = new EnumMap<>(DeadLetterReason.class);
        Map<DeadLetterReason, Set<String>> positions = new EnumMap<>(DeadLetterReason.class);
        Map<DeadLetterReason, Set<String>> withoutPayload = new EnumMap<>(DeadLetterReason.class);
        Map<DeadLetterReason, Set<String>> truncated = new EnumMap<>(DeadLetterReason.class);
        long[] other = new long[1];
        long[] unreadable = new long[1];
        long[] sinceLastReplay = new long[1];
        try (Consumer<byte[], byte[]> consumer = clients.consumer(consumerProperties(replayId(featureSet)))) {
            Set<String> replayed = existing(consumer, replayedTopic(deadLetterTopic))
                    ? readReplayed(replayedTopic(deadLetterTopic)) : Set.of();
            List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                        timeout);
                read(consumer, partitions, end, record -> {
                    OffsetAndMetadata last = committed.get(new TopicPartition(record.topic(), record.partition()));
                    if (last == null || record.offset() >= last.offset()) {
                        sinceLastReplay[0]++;
                    }
                    Optional<DeadLetter.Parsed> parsed = parse(record);
                    if (parsed.isEmpty()) {
                        unreadable[0]++;
                    } else if (!parsed.get().deadLetter().featureSet().equals(featureSet)) {
                        other[0]++;
                    } else {
                        DeadLetter d = parsed.get().deadLetter();
                        messages.computeIfAbsent(d.reason(), r -> new long[1])[0]++;
                        positions.computeIfAbsent(d.reason(), r -> new HashSet<>()).add(ReplaySelection.key(d));
                        if (d.payload() == null) {
                            withoutPayload.computeIfAbsent(d.reason(), r -> new HashSet<>())
                                    .add(ReplaySelection.key(d));
                        } else if (parsed.get().payloadTruncated()) {
                            truncated.computeIfAbsent(d.reason(), r -> new HashSet<>()).add(ReplaySelection.key(d));
                        }
                    }
                });
            }
            Map<DeadLetterReason, DeadLetterSummary.Counts> reasons = new EnumMap<>(DeadLetterReason.class);
            messages.forEach((reason, n) -> {
                Set<String> at = positions.get(reason);
                long done = at.stream().filter(replayed::contains).count();
                reasons.put(reason, new DeadLetterSummary.Counts(n[0], at.size(), done,
                        withoutPayload.getOrDefault(reason, Set.of()).size(),
                        truncated.getOrDefault(reason, Set.of()).size()));
            });
            return new DeadLetterSummary(featureSet, deadLetterTopic, reasons, sinceLastReplay[0], other[0],
                    unreadable[0]);
        } catch (KafkaException e) {
            throw new FreshetException(featureSet, "cannot read dead-letter topic " + deadLetterTopic + ": " + e
                    + "; check the Kafka connection (bootstrap servers " + kafka.bootstrapServers() + ")", e);
        }
    }

    /** Makes sure the topic of replayed positions exists, creating it (compacted) if allowed. */
    private void prepare(String replayedTopic) {
        if (createTopics) {
            DeadLetterTopics.ensure(kafka.clientProperties(), replayedTopic, Map.of("cleanup.policy", "compact"),
                    timeout);
            return;
        }
        try (Consumer<byte[], byte[]> consumer = clients.consumer(consumerProperties(null))) {
            if (!existing(consumer, replayedTopic)) {
                throw new FreshetException(spec.name(), "a dead-letter replay records the positions it replayed in"
                        + " topic \"" + replayedTopic + "\", which does not exist; create it (one partition,"
                        + " cleanup.policy=compact) or set freshet.dead-letter.create-topics=true", null, false);
            }
        }
    }

    /** Every position of this feature set recorded in {@code replayedTopic}, read committed, up to its end. */
    private Set<String> readReplayed(String replayedTopic) {
        Set<String> replayed = new HashSet<>();
        try (Consumer<byte[], byte[]> consumer = clients.consumer(consumerProperties(null))) {
            List<TopicPartition> partitions = partitions(consumer, replayedTopic);
            if (partitions.isEmpty()) {
                return replayed;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            read(consumer, partitions, end, record -> {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                if (ReplaySelection.isOf(key, spec.name())) {
                    replayed.add(key);
                }
            });
        }
        return replayed;
    }

    /** Hands every record of {@code partitions} below {@code end} to {@code handler}, in offset order per partition. */
    private void read(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        long progressAt = System.nanoTime();
        long reached = -1;
        while (true) {
            long position = 0;
            List<TopicPartition> done = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                long p = consumer.position(tp, timeout);
                position += p;
                if (p >= end.get(tp)) {
                    done.add(tp);
                }
            }
            if (done.size() == partitions.size()) {
                return;
            }
            consumer.pause(done);
            if (position != reached) {
                reached = position;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > timeout.toNanos()) {
                throw new FreshetException(null, "Kafka did not deliver topic " + partitions.get(0).topic()
                        + " up to offsets " + end + " within " + timeout + " (reached " + positions(consumer,
                        partitions) + ")", null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    handler.accept(record);
                }
            }
        }
    }

    private Map<TopicPartition, Long> positions(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(tp -> at.put(tp, consumer.position(tp, timeout)));
        return at;
    }

    /** The dead letter a message holds, or empty (logged) if it holds none this version reads. */
    private Optional<DeadLetter.Parsed> parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(DeadLetter.fromJson(record.value() == null ? new byte[0] : record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("feature set {}: message {}/{}/{} is skipped: {}", spec.name(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private boolean existing(Consumer<byte[], byte[]> consumer, String topic) {
        return !partitions(consumer, topic).isEmpty();
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, replayId(spec.name()));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, replayId(spec.name()));
        return props;
    }

    /** Read-committed consumer properties; {@code group} for committing offsets, or null for none. */
    private Map<String, Object> consumerProperties(String group) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Looking a topic up must never create it (as a broker with auto-creation would, uncompacted).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, replayId(spec.name()) + (group == null ? "-reader" : ""));
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return props;
    }

    /** Counts of one replay. */
    private static final class Tally {
        final Map<DeadLetterReason, Long> replayed = new EnumMap<>(DeadLetterReason.class);
        final Map<Skip, Map<DeadLetterReason, Long>> skipped = new EnumMap<>(Skip.class);
        final String featureSet;
        final String topic;
        long unreadable;

        Tally(String featureSet, String topic) {
            this.featureSet = featureSet;
            this.topic = topic;
        }

        void skipped(Skip why, DeadLetterReason reason) {
            skipped.computeIfAbsent(why, w -> new EnumMap<>(DeadLetterReason.class)).merge(reason, 1L, Long::sum);
        }

        long replayedTotal() {
            return replayed.values().stream().mapToLong(Long::longValue).sum();
        }

        ReplayReport report() {
            return new ReplayReport(featureSet, topic, replayed, skipped, unreadable);
        }
    }

    /** The open transaction of a replay: the records it re-produced and the offsets it read. */
    private final class Transaction {
        private final Producer<byte[], byte[]> producer;
        private final Consumer<byte[], byte[]> consumer;
        private final Tally tally;
        private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        private final Map<DeadLetterReason, Long> replayed = new EnumMap<>(DeadLetterReason.class);
        private boolean open;
        private int records;

        Transaction(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer, Tally tally) {
            this.producer = producer;
            this.consumer = consumer;
            this.tally = tally;
        }

        /** Re-produces {@code deadLetter}'s record and records its position as replayed. */
        void replay(DeadLetter deadLetter, byte[] key, String replayedTopic, ConsumerRecord<byte[], byte[]> message) {
            begin();
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(),
                    deadLetter.sourceTimestamp().toEpochMilli(), key, deadLetter.payload());
            record.headers().add(new RecordHeader(ReplayHeaders.REPLAY_OF, utf8(deadLetter.position())));
            record.headers().add(new RecordHeader(ReplayHeaders.REPLAY_FOR, utf8(deadLetter.featureSet())));
            producer.send(record);
            producer.send(new ProducerRecord<>(replayedTopic, utf8(ReplaySelection.key(deadLetter)),
                    marker(deadLetter, message)));
            replayed.merge(deadLetter.reason(), 1L, Long::sum);
            records++;
        }

        /** Notes that {@code message} was read (its offset is committed with the transaction). */
        void read(ConsumerRecord<byte[], byte[]> message) {
            offsets.put(new TopicPartition(message.topic(), message.partition()),
                    new OffsetAndMetadata(message.offset() + 1));
        }

        int records() {
            return records;
        }

        /** Commits what was re-produced and read since the last commit, if anything. */
        void commit() {
            if (offsets.isEmpty() && !open) {
                return;
            }
            begin();
            producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
            producer.commitTransaction();
            open = false;
            replayed.forEach((reason, n) -> {
                tally.replayed.merge(reason, n, Long::sum);
                Counter.builder("freshet.dead.letters.replayed")
                        .description("Dead letters re-produced to their source topic by a replay")
                        .tag("feature.set", spec.name())
                        .tag("reason", reason.tag())
                        .register(meters)
                        .increment(n);
            });
            replayed.clear();
            offsets.clear();
            records = 0;
        }

        /** Aborts the open transaction after {@code failure}, if the producer can still say so. */
        void abort(RuntimeException failure) {
            if (!open) {
                return;
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                // The transaction stays open until the next replay's initTransactions aborts it (or it times out).
                failure.addSuppressed(e);
            }
            open = false;
        }

        private void begin() {
            if (!open) {
                producer.beginTransaction();
                open = true;
            }
        }
    }

    /** The value recorded for a replayed position: its feature set, reason and the dead letter's own position. */
    private static byte[] marker(DeadLetter deadLetter, ConsumerRecord<byte[], byte[]> message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("feature_set", deadLetter.featureSet());
            g.writeStringField("reason", deadLetter.reason().name());
            g.writeStringField("source", deadLetter.position());
            g.writeStringField("dead_letter", message.topic() + "/" + message.partition() + "/" + message.offset());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a replay marker to memory", e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
