package dev.freshet.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Serializes a source record (a Java record of the source's declared members) as the JSON the strict decoder of
 * {@code source} accepts: one member per declared field under its JSON name, timestamps in ISO-8601 when the source
 * accepts it (else epoch milliseconds), dates as {@code yyyy-MM-dd}, null members left out.
 */
final class SourceRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceRecords() {}

    static byte[] json(KafkaSourceSpec source, Object record) {
        if (!record.getClass().isRecord()) {
            throw new IllegalArgumentException("send a Java record of source \"" + source.name() + "\"'s members,"
                    + " or its JSON bytes with send(topic, partition, kafkaTime, key, json); "
                    + record.getClass().getName() + " is not a record");
        }
        Map<String, Object> members = new HashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                members.put(c.getName(), c.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot read member " + c.getName() + " of " + record, e);
            }
        }
        ObjectNode node = JSON.createObjectNode();
        for (SourceFieldSpec field : source.fields()) {
            Object value = members.containsKey(field.column()) ? members.get(field.column())
                    : members.get(field.jsonName());
            if (value == null) {
                continue;
            }
            switch (field.type()) {
                case TIMESTAMP -> {
                    Instant instant = instant(value);
                    if (source.timestampEncodings().contains(TimestampEncoding.ISO_8601)) {
                        node.put(field.jsonName(), instant.toString());
                    } else {
                        node.put(field.jsonName(), instant.toEpochMilli());
                    }
                }
                case DATE -> node.put(field.jsonName(), value.toString());
                case DECIMAL -> node.put(field.jsonName(), new BigDecimal(value.toString()));
                default -> node.set(field.jsonName(), JSON.valueToTree(value));
            }
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + record + " as JSON", e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        throw new IllegalArgumentException("a timestamp member must be an Instant, OffsetDateTime, ZonedDateTime,"
                + " Date or epoch milliseconds, not " + value.getClass().getName());
    }
}
