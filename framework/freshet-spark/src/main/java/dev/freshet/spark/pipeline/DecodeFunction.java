package dev.freshet.spark.pipeline;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.record.Decoded;
import dev.freshet.core.record.JsonRecordDecoder;
import dev.freshet.spark.deadletter.DeadLetterSender;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReplayHeaders;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.function.RecordInTransform;
import dev.freshet.spark.function.TransformFailureRouting;
import dev.freshet.spark.row.KafkaRecordLayout;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.schema.ValueTypes;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Decodes raw Kafka rows ({@link KafkaRecordLayout}) with the core's strict {@link JsonRecordDecoder}, on executors.
 * Accepted records come out as the source columns plus the {@link ReservedColumns#SOURCE} struct. Rejected records
 * are dead-lettered right here — sent to the dead-letter target with their payload, and counted in a
 * {@link ReasonCounts} accumulator that the driver reads after the batch — so the source is scanned and decoded once. The partition completes only once Kafka has acknowledged its dead letters.
 *
 * <p>A record that a dead-letter replay of another feature set re-produced ({@link ReplayHeaders#REPLAY_FOR} names
 * that one) is passed over: this feature set has already ingested, or dead-lettered, the original.
 */
public final class DecodeFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final JsonRecordDecoder decoder;
    private final DeadLetterTarget deadLetters;
    private final ReasonCounts rejected;
    private final KafkaRecordLayout records;
    private final boolean tracksRecords;

    /**
     * A decoder for {@code spec}'s source, requiring its key and event-time members, of raw records laid out by
     * {@code records}.
     */
    public DecodeFunction(FeatureSetSpec spec, KafkaRecordLayout records, DeadLetterTarget deadLetters,
            ReasonCounts rejected) {
        this.featureSet = spec.name();
        this.decoder = new JsonRecordDecoder(spec.source(), spec.key(), spec.timestampColumn());
        this.records = records;
        this.deadLetters = deadLetters;
        this.rejected = rejected;
        this.tracksRecords = TransformFailureRouting.needed(spec);
    }

    /** The schema of decoded rows for {@code spec}. */
    public static StructType outputSchema(FeatureSetSpec spec) {
        return ValueTypes.schema(spec.source().fields()).add(ReservedColumns.SOURCE, ReservedColumns.SOURCE_TYPE,
                false);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        DeadLetterSender sender = deadLetters.open(featureSet);
        RecordInTransform transform = tracksRecords ? RecordInTransform.begin() : null;
        TaskContext task = TaskContext.get();
        if (transform != null && task != null) {
            // The SQL functions and the failure routing after the SQL read the record of this thread until the task
            // ends, after the last record has gone through them.
            task.addTaskCompletionListener((TaskCompletionListener) context -> RecordInTransform.end());
        }
        return new Iterator<>() {
            private Row next;
            private Row nextKafka;
            private boolean flushed;

            @Override
            public boolean hasNext() {
                while (next == null && input.hasNext()) {
                    nextKafka = input.next();
                    next = decode(nextKafka, sender);
                }
                if (next == null && !flushed) {
                    flushed = true;
                    sender.finish();
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
                if (transform != null) {
                    // Handed on now, so transformed now: the SQL runs on one record at a time within a task.
                    transform.enter(new RecordInTransform.Position(records.topic(nextKafka),
                            records.partition(nextKafka), records.offset(nextKafka)), records.timestamp(nextKafka),
                            records.key(nextKafka), records.value(nextKafka));
                }
                return r;
            }
        };
    }

    /** The decoded row, or null after dead-lettering the record (or passing over another feature set's replay). */
    private Row decode(Row kafka, DeadLetterSender sender) {
        if (!ReplayHeaders.isFor(records.header(kafka, ReplayHeaders.REPLAY_FOR), featureSet)) {
            return null;
        }
        byte[] value = records.value(kafka);
        Timestamp kafkaTime = records.timestamp(kafka);
        Decoded decoded = decoder.decode(value);
        if (decoded instanceof Decoded.Rejected r) {
            sender.send(new DeadLetter(featureSet, r.reason(), r.detail(), records.topic(kafka),
                    records.partition(kafka), records.offset(kafka), kafkaTime.toInstant(), value),
                    records.key(kafka));
            rejected.add(r.reason().name());
            return null;
        }
        Object[] values = ((Decoded.Accepted) decoded).values();
        Object[] out = new Object[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            out[i] = ValueTypes.toSparkValue(values[i]);
        }
        // The struct's fields in ReservedColumns.SOURCE_TYPE's order, which outputSchema declares.
        out[values.length] = RowFactory.create(records.topic(kafka), records.partition(kafka),
                records.offset(kafka), kafkaTime);
        return RowFactory.create(out);
    }
}
