package dev.freshet.core.testdata;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link Event}s: {@code anEvent().at("2026-01-05T10:00:00Z").value("amount", 12.5).build()}. By default: key
 * {@code u1}, partition 0, offset 0, event time 2026-01-05T00:00:00Z, Kafka timestamp equal to the event time, no
 * values.
 */
public final class EventBuilder {

    private String key = "u1";
    private int partition = 0;
    private long offset = 0;
    private long eventMillis = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private Long kafkaMillis;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private EventBuilder() {}

    public static EventBuilder anEvent() {
        return new EventBuilder();
    }

    public EventBuilder key(String key) {
        this.key = key;
        return this;
    }

    public EventBuilder partition(int partition) {
        this.partition = partition;
        return this;
    }

    public EventBuilder offset(long offset) {
        this.offset = offset;
        return this;
    }

    /** The event time, as epoch milliseconds. */
    public EventBuilder at(long eventMillis) {
        this.eventMillis = eventMillis;
        return this;
    }

    /** The event time, as an ISO-8601 instant. */
    public EventBuilder at(String instant) {
        return at(Instant.parse(instant).toEpochMilli());
    }

    /** The Kafka record's timestamp; by default the event time. */
    public EventBuilder kafkaTime(long kafkaMillis) {
        this.kafkaMillis = kafkaMillis;
        return this;
    }

    /** The value of one column; {@code null} for a null value. */
    public EventBuilder value(String column, Object value) {
        values.put(column, value);
        return this;
    }

    /** The values of several columns. */
    public EventBuilder values(Map<String, Object> values) {
        this.values.putAll(values);
        return this;
    }

    public Event build() {
        return new Event(key, partition, offset, eventMillis, kafkaMillis == null ? eventMillis : kafkaMillis,
                values);
    }
}
