package dev.freshet.spark.deadletter;

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
 * Sends dead letters of one task to Kafka and waits until the broker has them all, so that a batch only completes
 * once its dead letters are durable. A Kafka producer is thread-safe and costly to create, so the tasks of a JVM
 * share one per connection: each task leases it for as long as it sends, and it closes itself after a minute without
 * use. {@link #close()} ends this task's lease.
 *
 * <p>Delivery is at least once: a batch that is replayed after a failure sends its dead letters again.
 */
final class DeadLetterProducer implements AutoCloseable {

    /** The executor-side producers, keyed by the connection's client properties. */
    private static final ExecutorClients<Map<String, Object>, KafkaProducer<byte[], byte[]>> PRODUCERS =
            new ExecutorClients<>("dead-letter-producers", DeadLetterProducer::create,
                    p -> p.close(Duration.ofSeconds(10)), Duration.ofMinutes(1));

    private final ExecutorClients.Lease<KafkaProducer<byte[], byte[]>> lease;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    /** A sender to {@code topic} through the shared producer for {@code clientProperties}. */
    DeadLetterProducer(Map<String, Object> clientProperties, String topic, Duration timeout) {
        this.lease = PRODUCERS.lease(new HashMap<>(clientProperties));
        this.producer = lease.client();
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Sends one dead letter (asynchronously; {@link #awaitAll()} waits for it). */
    void send(byte[] key, byte[] message) {
        pending.add(producer.send(new ProducerRecord<>(topic, key, message)));
    }

    /** Waits until every dead letter sent so far is acknowledged. */
    void awaitAll() {
        if (pending.isEmpty()) {
            return;
        }
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(null, "interrupted while writing dead letters to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new FreshetException(null, "cannot write dead letters to Kafka topic \"" + topic + "\": " + cause
                    + "; the batch fails and is retried when the job restarts, so no record is lost", cause);
        } finally {
            pending.clear();
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
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "freshet-dead-letters");
        return new KafkaProducer<>(props);
    }
}
