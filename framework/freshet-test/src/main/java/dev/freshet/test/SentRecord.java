package dev.freshet.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record a test sent to a {@link FeatureSetTestDriver}, as the driver remembers it for failure messages.
 *
 * @param topic     the topic
 * @param partition its partition
 * @param offset    the offset the driver gave it
 * @param kafkaTime its Kafka timestamp
 * @param key       its Kafka key, or {@code null}
 * @param value     its value (JSON bytes)
 */
public record SentRecord(String topic, int partition, long offset, Instant kafkaTime, byte[] key, byte[] value) {

    /** The value as text. */
    public String valueText() {
        return value == null ? "null" : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " (Kafka time " + kafkaTime + "): " + valueText();
    }
}
