package dev.freshet.spark.output;

import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the records one task writes to one Kafka topic (dead letters, sink messages) and waits until the broker has
 * them all, so that a batch only completes once they are durable. A Kafka producer is thread-safe and costly to
 * create, so the tasks of a JVM share one per connection: each task leases it for as long as it sends, and it closes
 * itself after a minute without use. {@link #close()} ends this task's lease.
 *
 * <p>Producers are idempotent with {@code acks=all} unless the connection's properties say otherwise, so that a retry
 * inside one producer adds no duplicate. Delivery is at least once: a batch that is replayed after a failure sends
 * its records again.
 */
public final class KafkaTopicWriter implements AutoCloseable {

    /** The executor-side producers, keyed by the connection's client properties. */
    private static final ExecutorClients<Map<String, Object>, KafkaProducer<byte[], byte[]>> PRODUCERS =
            new ExecutorClients<>("kafka-topic-writers", KafkaTopicWriter::create,
                    p -> p.close(Duration.ofSeconds(10)), Duration.ofMinutes(1));

    private final ExecutorClients.Lease<KafkaProducer<byte[], byte[]>> lease;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final Object servers;
    private final String what;
    private final String featureSet;

    /**
     * A sender to {@code topic} through the shared producer for {@code clientProperties}, waiting at most
     * {@code timeout} for Kafka (the io-timeout).
     *
     * @param what       what is sent, plural, for messages: {@code dead letters}, {@code messages of sink "x"}
     * @param featureSet the feature set whose records these are, for messages
     */
    public KafkaTopicWriter(Map<String, Object> clientProperties, String topic, Duration timeout, String what,
            String featureSet) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        // While the client knows no leader for the topic (the broker is down), each send blocks for max.block.ms,
        // 60 s by default: bound it by the io-timeout, like every other wait of a batch.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        this.lease = PRODUCERS.lease(props);
        this.producer = lease.client();
        this.topic = topic;
        this.timeout = timeout;
        this.servers = clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.what = what;
        this.featureSet = featureSet;
    }

    /**
     * Sends one record (asynchronously; {@link #awaitAll()} waits for it).
     *
     * @throws FreshetException if an earlier one has failed already: the batch fails, and sending more would only
     *                          block each for the io-timeout
     */
    public void send(byte[] key, byte[] message) {
        if (!pending.isEmpty() && failed(pending.get(pending.size() - 1))) {
            awaitAll();
        }
        pending.add(producer.send(new ProducerRecord<>(topic, key, message)));
    }

    /**
     * Waits until every record sent so far is acknowledged, for at most the io-timeout.
     *
     * @throws FreshetException if Kafka did not acknowledge them all in time, or refused one
     */
    public void awaitAll() {
        if (pending.isEmpty()) {
            return;
        }
        // No producer.flush(): it waits for every record of the shared producer, for up to delivery.timeout.ms.
        long deadline = System.nanoTime() + timeout.toNanos();
        int acknowledged = 0;
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(featureSet, "interrupted while writing " + what + " to " + topic, e);
        } catch (TimeoutException e) {
            throw notAcknowledged(pending.size() - acknowledged, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAcknowledged(pending.size() - acknowledged, e.getCause());
            }
            throw new FreshetException(featureSet, "cannot write " + what + " to Kafka topic \"" + topic + "\" at "
                    + servers + ": " + e.getCause() + "; the batch fails and is retried when the job restarts, so no"
                    + " record is lost", e.getCause());
        } finally {
            pending.clear();
        }
    }

    private FreshetException notAcknowledged(int records, Throwable cause) {
        long millis = timeout.toMillis();
        return new FreshetException(featureSet, "Kafka did not acknowledge " + records + " of the " + what
                + " to topic \"" + topic + "\" within " + (millis % 1000 == 0 ? millis / 1000 + " s"
                : millis + " ms") + " (freshet.io-timeout); is the broker at " + servers + " running? The batch fails"
                + " and is replayed when the job restarts, so no record is lost", cause);
    }

    private static boolean failed(Future<RecordMetadata> sent) {
        if (!sent.isDone()) {
            return false;
        }
        try {
            sent.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends this task's lease of the shared producer. */
    @Override
    public void close() {
        lease.close();
    }

    private static KafkaProducer<byte[], byte[]> create(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "freshet");
        return new KafkaProducer<>(props);
    }
}
