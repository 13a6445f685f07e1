package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Asks Kafka, from the driver, what health and metrics need: whether the brokers answer, and how many records of a
 * job's source topics lie beyond what the job has read (its consumer lag). One admin client, opened at first use and
 * closed with the probe; it reconnects with a long back-off and does not rebootstrap, so that a broker that is down
 * does not flood the log. A call that times out on a client older than five minutes closes it: the next call opens
 * another, which bootstraps anew, as Kafka's own rebootstrap would after as long, for brokers that moved.
 * Thread-safe.
 */
public final class KafkaProbe implements AutoCloseable {

    /** How old a client that times out must be to be replaced: Kafka's {@code metadata.recovery.rebootstrap.trigger.ms}. */
    private static final Duration REBOOTSTRAP_AFTER = Duration.ofMinutes(5);

    private final KafkaConnection connection;
    private Admin admin;
    private long createdAt;
    private boolean closed;

    /** A probe of the cluster {@code connection} reaches. */
    public KafkaProbe(KafkaConnection connection) {
        this.connection = requireNonNull(connection, "connection");
    }

    /**
     * The number of brokers the cluster reports, waiting at most {@code timeout}.
     *
     * @throws FreshetException if Kafka did not answer in time
     */
    public int brokers(Duration timeout) {
        Admin admin = admin();
        try {
            return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw unanswered(admin, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unanswered(admin, timeout, e);
        }
    }

    /**
     * The records of {@code topics} at or after {@code consumed} (a partition it does not name counts from its
     * start): how far a job that has read up to {@code consumed} is behind, waiting at most {@code timeout}.
     *
     * @throws FreshetException if Kafka did not answer in time
     */
    public long recordsBehind(Collection<String> topics, SourceOffsets consumed, Duration timeout) {
        Admin admin = admin();
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (TopicDescription d : described.values()) {
                d.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(d.name(), p.partition());
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long behind = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                TopicPartition tp = e.getKey();
                long from = Math.max(consumed.next(tp.topic(), tp.partition()), starts.get(tp).offset());
                behind += Math.max(0, e.getValue().offset() - from);
            }
            return behind;
        } catch (ExecutionException | TimeoutException e) {
            throw unanswered(admin, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unanswered(admin, timeout, e);
        }
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("the Kafka probe is closed");
        }
        if (admin == null) {
            Map<String, Object> properties = connection.clientProperties();
            properties.putIfAbsent("reconnect.backoff.max.ms", 30_000);
            properties.putIfAbsent("request.timeout.ms", 10_000);
            properties.putIfAbsent("default.api.timeout.ms", 10_000);
            admin = Admin.create(KafkaTopics.adminProperties(properties, "freshet-probe"));
            createdAt = System.nanoTime();
        }
        return admin;
    }

    /** The failure of a call on {@code failed}; a timeout of a client older than five minutes replaces it. */
    private FreshetException unanswered(Admin failed, Duration timeout, Throwable cause) {
        boolean timedOut = cause instanceof TimeoutException
                || cause.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
        boolean replace;
        synchronized (this) {
            replace = timedOut && admin == failed
                    && System.nanoTime() - createdAt > REBOOTSTRAP_AFTER.toNanos();
            if (replace) {
                admin = null;
            }
        }
        if (replace) {
            // Without waiting for other threads' pending calls: they fail at once, as they would have.
            failed.close(Duration.ZERO);
        }
        return unanswered(timeout, cause);
    }

    private FreshetException unanswered(Duration timeout, Throwable cause) {
        Throwable reason = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        return new FreshetException(null, "Kafka at " + connection.bootstrapServers() + " did not answer within "
                + timeout + ": " + reason, reason);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
