package dev.freshet.spark.oracle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread producing {@link RandomTransactions} to one topic until {@link #finish()}, pausing a seeded random time of
 * up to {@code maxPause} between records, and keeping each record with the offset Kafka acknowledged, for the oracles.
 *
 * <p>Its producer is idempotent, with {@code acks=all} and retries for up to two minutes (what an application that
 * must not lose events configures): records in flight when the broker goes down are retried, and once it is back each
 * is written exactly once, in order. The thread does not wait for acknowledgements, but as soon as the client knows no
 * leader for a partition (the broker is down) {@code send} blocks until there is one again: production pauses during
 * an outage and resumes by itself after it. Thread-safe.
 */
public final class TransactionProducer {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);

    private final String topic;
    private final RandomTransactions source;
    private final Random pauses;
    private final Duration maxPause;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<SourceRecord> acknowledged = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean finishing;
    private int sent;

    private TransactionProducer(String bootstrapServers, String topic, RandomTransactions source, long seed,
            Duration maxPause) {
        this.topic = topic;
        this.source = source;
        this.pauses = new Random(seed);
        this.maxPause = maxPause;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        this.producer = new KafkaProducer<>(props);
        this.thread = new Thread(this::produce, "freshet-test-producer-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts producing {@code source}'s records to {@code topic}, pausing up to {@code maxPause} between two. */
    public static TransactionProducer start(String bootstrapServers, String topic, RandomTransactions source, long seed,
            Duration maxPause) {
        TransactionProducer producer = new TransactionProducer(bootstrapServers, topic, source, seed, maxPause);
        producer.thread.start();
        return producer;
    }

    /**
     * How many records Kafka has acknowledged so far.
     *
     * @throws AssertionError if a send failed, so that a test waiting for acknowledgements stops with the cause
     *                        rather than waiting out its timeout (production stops at the first failed send)
     */
    public synchronized int acknowledged() {
        if (failure.get() != null) {
            throw new AssertionError("the producer of " + topic + " failed after " + acknowledged.size()
                    + " acknowledged records: " + failure.get(), failure.get());
        }
        return acknowledged.size();
    }

    /** How many records the thread has handed to the producer so far. */
    public synchronized int sent() {
        return sent;
    }

    /**
     * Stops producing, waits for every record sent to be acknowledged, and returns them all, in partition then offset
     * order.
     *
     * @throws AssertionError if a send failed
     */
    public List<SourceRecord> finish() {
        finishing = true;
        try {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while finishing the producer of " + topic, e);
        }
        producer.close(Duration.ofMinutes(2));
        if (failure.get() != null) {
            throw new AssertionError("the producer of " + topic + " failed: " + failure.get(), failure.get());
        }
        synchronized (this) {
            if (acknowledged.size() != sent) {
                throw new AssertionError(sent + " records were sent to " + topic + ", " + acknowledged.size()
                        + " acknowledged");
            }
            List<SourceRecord> all = new ArrayList<>(acknowledged);
            all.sort(Comparator.comparingInt(SourceRecord::partition).thenComparingLong(SourceRecord::offset));
            return all;
        }
    }

    private void produce() {
        try {
            while (!finishing && failure.get() == null) {
                SourceRecord record = source.next();
                byte[] key = record.user() == null ? null : record.user().getBytes(StandardCharsets.UTF_8);
                synchronized (this) {
                    sent++;
                }
                producer.send(new ProducerRecord<>(topic, record.partition(), record.kafkaTime().toEpochMilli(), key,
                        record.payload().getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                synchronized (this) {
                                    acknowledged.add(record.at(metadata.offset()));
                                }
                            }
                        });
                // Pacing of the load, not a wait for anything: records arrive while batches run and queries stop.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauses.nextInt((int) maxPause.toMillis() + 1)));
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            LOG.info("the producer of {} stops after {} records sent: finishing {}, failure {}", topic, sent(),
                    finishing, String.valueOf(failure.get()));
        }
    }

    /** What the producer has done so far, for a test's failure message. */
    public synchronized String state() {
        return sent + " records sent, " + acknowledged.size() + " acknowledged, thread "
                + (thread.isAlive() ? "alive" : "ended") + ", failure " + failure.get();
    }
}
