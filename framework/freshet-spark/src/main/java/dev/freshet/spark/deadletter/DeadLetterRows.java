package dev.freshet.spark.deadletter;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import java.sql.Timestamp;
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

    DeadLetterRows(String featureSet, DeadLetterTarget target) {
        this.featureSet = featureSet;
        this.producer = target.topic() == null ? null
                : new DeadLetterProducer(target.kafka(), target.topic(), target.timeout());
    }

    /** Sends one dead-letter row. */
    public void send(Row row) {
        send(new DeadLetter(featureSet, DeadLetterReason.valueOf(row.getString(1)), row.getString(2),
                row.getString(3), row.getInt(4), row.getLong(5), instant(row.get(6)), (byte[]) row.get(8)),
                (byte[]) row.get(7));
    }

    /** Sends one dead letter with the source record's key. */
    public void send(DeadLetter letter, byte[] key) {
        if (producer != null) {
            producer.send(key, letter.toJson());
        }
        counts.merge(letter.reason().name(), 1L, Long::sum);
    }

    /** Waits until Kafka has acknowledged every dead letter sent; returns the counts by reason. */
    public Map<String, Long> awaitAll() {
        if (producer != null) {
            producer.awaitAll();
        }
        return counts;
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : (Instant) timestamp;
    }
}
