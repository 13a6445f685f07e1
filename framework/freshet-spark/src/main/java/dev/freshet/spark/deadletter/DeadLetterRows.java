package dev.freshet.spark.deadletter;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Sends the dead-letter rows of one task (rows whose leading columns are
 * {@link dev.freshet.spark.pipeline.SinkColumns#LEADING}) to the dead-letter topic, counting them by reason for the
 * driver.
 */
public final class DeadLetterRows {

    private final String featureSet;
    private final DeadLetterProducer producer;
    private final Map<String, Long> counts = new HashMap<>();

    /** A sender for {@code featureSet}'s dead letters to {@code topic}. */
    public DeadLetterRows(String featureSet, Map<String, Object> kafka, String topic, Duration timeout) {
        this.featureSet = featureSet;
        this.producer = new DeadLetterProducer(kafka, topic, timeout);
    }

    /** Sends one dead-letter row. */
    public void send(Row row) {
        DeadLetterReason reason = DeadLetterReason.valueOf(row.getString(1));
        DeadLetter letter = new DeadLetter(featureSet, reason, row.getString(2), row.getString(3), row.getInt(4),
                row.getLong(5), instant(row.get(6)), (byte[]) row.get(8));
        producer.send((byte[]) row.get(7), letter.toJson());
        counts.merge(reason.name(), 1L, Long::sum);
    }

    /** Waits until Kafka has acknowledged every dead letter sent; returns the counts by reason. */
    public Map<String, Long> awaitAll() {
        producer.awaitAll();
        return counts;
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : (Instant) timestamp;
    }
}
