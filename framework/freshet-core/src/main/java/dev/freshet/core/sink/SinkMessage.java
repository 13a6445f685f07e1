package dev.freshet.core.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.key.EntityKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One feature vector as a Kafka sink message (ADR 0018): the key is the entity key's one text encoding
 * ({@link EntityKeys#encode}), the value the JSON
 *
 * <pre>{@code
 * {"featureset_name":"user-last-transaction","featureset_id":"user-last-transaction.5d1e2f0a3b4c",
 *  "timestamp":"2026-12-03T10:15:30.123Z","key":{"user_id":"user-7"},
 *  "features":{"last_amount":12.5,"last_is_remote":false,"last_category":null}}
 * }</pre>
 *
 * with members in that order, typed: numbers stay numbers, booleans booleans, timestamps ISO-8601 in UTC with
 * milliseconds, dates {@code yyyy-MM-dd}, and a null feature an explicit {@code null}. Written with Jackson's
 * generator, so every string is escaped as JSON requires.
 *
 * @param featureSet   the feature set's name
 * @param featureSetId its {@link FeatureSetId}
 * @param timestamp    the vector's time: a row-level event's time, or an aggregated vector's read time
 * @param key          the key columns, in key order
 * @param keyValues    their values, not null
 * @param features     the feature columns, in declaration order
 * @param values       their values (Java values of each column's type), null where a feature is null
 */
public record SinkMessage(String featureSet, String featureSetId, Instant timestamp, List<ColumnSpec> key,
        List<Object> keyValues, List<ColumnSpec> features, List<Object> values) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    /** Checks the parts agree and copies the lists (which may hold nulls). */
    public SinkMessage {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(featureSetId, "featureSetId");
        requireNonNull(timestamp, "timestamp");
        key = List.copyOf(key);
        keyValues = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keyValues));
        features = List.copyOf(features);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (key.size() != keyValues.size() || features.size() != values.size()) {
            throw new IllegalArgumentException("a sink message of feature set \"" + featureSet + "\" needs one value"
                    + " per key column and per feature");
        }
    }

    /** The message key: the entity key's encoding, UTF-8. */
    public byte[] keyBytes() {
        return EntityKeys.encode(keyValues).getBytes(StandardCharsets.UTF_8);
    }

    /** The message value: the JSON document, UTF-8. */
    public byte[] valueBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("featureset_name", featureSet);
            json.writeStringField("featureset_id", featureSetId);
            json.writeStringField("timestamp", MILLIS.format(timestamp));
            json.writeObjectFieldStart("key");
            for (int i = 0; i < key.size(); i++) {
                json.writeFieldName(key.get(i).name());
                write(json, key.get(i), requireNonNull(keyValues.get(i), "key value"));
            }
            json.writeEndObject();
            json.writeObjectFieldStart("features");
            for (int i = 0; i < features.size(); i++) {
                json.writeFieldName(features.get(i).name());
                write(json, features.get(i), values.get(i));
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a sink message of feature set \"" + featureSet + "\"", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, ColumnSpec column, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (column.type()) {
            case STRING -> json.writeString((String) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case INT -> json.writeNumber((Integer) value);
            case LONG -> json.writeNumber((Long) value);
            case FLOAT -> json.writeNumber((Float) value);
            case DOUBLE -> json.writeNumber((Double) value);
            case DECIMAL -> json.writeNumber((BigDecimal) value);
            case DATE -> json.writeString(((LocalDate) value).toString());
            case TIMESTAMP -> json.writeString(MILLIS.format((Instant) value));
        }
    }
}
