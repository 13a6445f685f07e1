package dev.freshet.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft broker per test JVM, started on first use (2–4 s) and destroyed when the JVM exits, with the few
 * client operations tests need: create a topic, produce records at chosen partitions and timestamps, and read a topic
 * from its beginning.
 *
 * <pre>{@code
 * EmbeddedKafka.createTopic("transactions", 2);
 * EmbeddedKafka.send("transactions", 0, "u1", "{\"user_id\":\"u1\"}", Instant.now());
 * List<ConsumerRecord<byte[], byte[]>> dead = EmbeddedKafka.readAll("freshet.dlq.user-transactions");
 * }</pre>
 */
public final class EmbeddedKafka {

    /** The largest record the test producer sends: 16 MiB. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    private EmbeddedKafka() {}

    /** Bootstrap servers of the shared broker, starting it if needed. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperty("auto.create.topics.enable", "false");
            b.brokerProperty("log.retention.ms", "-1");
            // One broker: the transaction log (dead-letter replays produce in transactions) cannot have three replicas.
            b.brokerProperty("transaction.state.log.replication.factor", "1");
            b.brokerProperty("transaction.state.log.min.isr", "1");
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::shutdown, "freshet-test-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** Creates {@code topic} with {@code partitions} partitions, unless it exists. */
    public static void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions and topic-level {@code configs} (such as
     * {@code max.message.bytes}), unless it exists.
     */
    public static synchronized void createTopic(String topic, int partitions, Map<String, String> configs) {
        bootstrapServers();
        if (!broker.getTopics().contains(topic)) {
            broker.addTopics(new NewTopic(topic, partitions, (short) 1).configs(configs));
        }
    }

    /** Sends one record and waits for the broker's acknowledgement; returns its offset. */
    public static long send(String topic, int partition, String key, String value, Instant timestamp) {
        return send(topic, partition, bytes(key), bytes(value), timestamp);
    }

    /** Sends one record of raw bytes and waits for the broker's acknowledgement; returns its offset. */
    public static long send(String topic, int partition, byte[] key, byte[] value, Instant timestamp) {
        try {
            return producer().send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), key, value))
                    .get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    /** Every record in {@code topic} from the beginning up to its current end, in partition then offset order. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(bootstrapServers(), topic);
    }

    /** Every record in {@code topic} of the broker at {@code bootstrapServers}, as {@link #readAll(String)}. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /** Names of the topics that exist on the broker. */
    public static Set<String> topics() {
        bootstrapServers();
        return broker.doWithAdminFunction(admin -> {
            try {
                return admin.listTopics().names().get().stream().collect(Collectors.toSet());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("cannot list topics", e);
            }
        });
    }

    private static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            // Records of several megabytes, for topics created with a larger max.message.bytes (the broker still
            // refuses them on topics with the default of 1 MB).
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized void shutdown() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (broker != null) {
            broker.destroy();
            broker = null;
        }
    }
}
