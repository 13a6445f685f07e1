package dev.freshet.core.testdata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One source event as the tile code sees it: a key, where it sat in Kafka (partition, offset, record timestamp), its
 * event time and its column values (nulls allowed). Built with {@link EventBuilder#anEvent()}.
 *
 * @param key         entity key
 * @param partition   Kafka partition
 * @param offset      Kafka offset within the partition
 * @param eventMillis event time, epoch milliseconds
 * @param kafkaMillis the Kafka record's timestamp, epoch milliseconds
 * @param values      column values by column name; a missing column reads as null
 */
public record Event(String key, int partition, long offset, long eventMillis, long kafkaMillis,
        Map<String, Object> values) {

    public Event {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code column}, or null. */
    public Object value(String column) {
        return values.get(column);
    }

    /** The values of {@code columns}, in order: what {@code PartialLayout.update} takes. */
    public Object[] inputs(List<String> columns) {
        return columns.stream().map(values::get).toArray();
    }

    /** The same event read again at another position of Kafka: a distinct record with equal contents. */
    public Event at(int partition, long offset) {
        return new Event(key, partition, offset, eventMillis, kafkaMillis, values);
    }

    @Override
    public String toString() {
        return key + "@" + partition + "/" + offset + " t=" + eventMillis + " kafka=" + kafkaMillis + " " + values;
    }
}
