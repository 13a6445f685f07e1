package dev.freshet.spark.pipeline;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.record.Decoded;
import dev.freshet.core.record.JsonRecordDecoder;
import dev.freshet.spark.deadletter.DeadLetterRows;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.schema.ValueTypes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes raw Kafka rows ({@code key, value, topic, partition, offset, timestamp}) with the core's strict
 * {@link JsonRecordDecoder}, on executors. Accepted records come out as the source columns plus the
 * {@link SinkColumns#SOURCE} struct. Rejected records are dead-lettered right here — sent to the dead-letter target
 * with their payload, and counted in a {@link ReasonCounts} accumulator that the driver reads after the batch — so
 * the source is scanned and decoded once. The partition completes only once Kafka has acknowledged its dead letters.
 */
public final class DecodeFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final JsonRecordDecoder decoder;
    private final DeadLetterTarget deadLetters;
    private final ReasonCounts rejected;

    /** A decoder for {@code spec}'s source, requiring its key and event-time members. */
    public DecodeFunction(FeatureSetSpec spec, DeadLetterTarget deadLetters, ReasonCounts rejected) {
        this.featureSet = spec.name();
        this.decoder = new JsonRecordDecoder(spec.source(), spec.key(), spec.timestampColumn());
        this.deadLetters = deadLetters;
        this.rejected = rejected;
    }

    /** The schema of decoded rows for {@code spec}. */
    public static StructType outputSchema(FeatureSetSpec spec) {
        return ValueTypes.schema(spec.source().fields()).add(SinkColumns.SOURCE, SinkColumns.SOURCE_TYPE, false);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        DeadLetterRows sender = deadLetters.open(featureSet);
        return new Iterator<>() {
            private Row next;
            private boolean flushed;

            @Override
            public boolean hasNext() {
                while (next == null && input.hasNext()) {
                    next = decode(input.next(), sender);
                }
                if (next == null && !flushed) {
                    flushed = true;
                    sender.awaitAll();
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }

    /** The decoded row, or null after dead-lettering the record. */
    private Row decode(Row kafka, DeadLetterRows sender) {
        byte[] value = (byte[]) kafka.get(1);
        Timestamp kafkaTime = timestamp(kafka.get(5));
        Decoded decoded = decoder.decode(value);
        if (decoded instanceof Decoded.Rejected r) {
            sender.send(new DeadLetter(featureSet, r.reason(), r.detail(), kafka.getString(2), kafka.getInt(3),
                    kafka.getLong(4), kafkaTime.toInstant(), value), (byte[]) kafka.get(0));
            rejected.add(r.reason().name());
            return null;
        }
        Object[] values = ((Decoded.Accepted) decoded).values();
        Object[] out = new Object[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            out[i] = ValueTypes.toSparkValue(values[i]);
        }
        out[values.length] = RowFactory.create(kafka.getString(2), kafka.getInt(3), kafka.getLong(4), kafkaTime);
        return RowFactory.create(out);
    }

    private static Timestamp timestamp(Object value) {
        return value instanceof Instant i ? Timestamp.from(i) : (Timestamp) value;
    }
}
