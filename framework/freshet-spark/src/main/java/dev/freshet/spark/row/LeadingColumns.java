package dev.freshet.spark.row;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * The {@link ReservedColumns#LEADING leading columns} of pipeline and tile rows, by name: the row kind, the source
 * position, and for a dead-letter row its reason, detail, Kafka key and payload.
 */
public final class LeadingColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int kind;
    private final int reason;
    private final int detail;
    private final int topic;
    private final int partition;
    private final int offset;
    private final int kafkaTimestamp;
    private final int sourceKey;
    private final int payload;

    private LeadingColumns(RowLayout layout) {
        kind = layout.index(ReservedColumns.KIND);
        reason = layout.index(ReservedColumns.REASON);
        detail = layout.index(ReservedColumns.DETAIL);
        topic = layout.index(ReservedColumns.TOPIC);
        partition = layout.index(ReservedColumns.PARTITION);
        offset = layout.index(ReservedColumns.OFFSET);
        kafkaTimestamp = layout.index(ReservedColumns.KAFKA_TIMESTAMP);
        sourceKey = layout.index(ReservedColumns.SOURCE_KEY);
        payload = layout.index(ReservedColumns.PAYLOAD);
    }

    /** The leading columns of frames laid out by {@code layout}. */
    public static LeadingColumns of(RowLayout layout) {
        return new LeadingColumns(layout);
    }

    /** The row's kind: {@link ReservedColumns#FEATURES}, {@link ReservedColumns#TILES} or a dead letter. */
    public String kind(Row row) {
        return row.getString(kind);
    }

    /** Whether the row is a dead letter. */
    public boolean isDeadLetter(Row row) {
        return ReservedColumns.DEAD_LETTER.equals(row.getString(kind));
    }

    /** The dead letter a dead-letter row of {@code featureSet} stands for. */
    public DeadLetter deadLetter(String featureSet, Row row) {
        return new DeadLetter(featureSet, DeadLetterReason.valueOf(row.getString(reason)), row.getString(detail),
                row.getString(topic), row.getInt(partition), row.getLong(offset),
                ValueTypes.instant(row.get(kafkaTimestamp)), (byte[]) row.get(payload));
    }

    /** The Kafka key of the dead-letter row's source record, or null. */
    public byte[] sourceKey(Row row) {
        return (byte[]) row.get(sourceKey);
    }

    /** Fills the leading columns of a new dead-letter row {@code out} from {@code event}'s source position. */
    public void fillDeadLetter(Object[] out, Row event, LeadingColumns eventLayout, DeadLetterReason why,
            String text) {
        out[kind] = ReservedColumns.DEAD_LETTER;
        out[reason] = why.name();
        out[detail] = text;
        out[topic] = event.get(eventLayout.topic);
        out[partition] = event.get(eventLayout.partition);
        out[offset] = event.get(eventLayout.offset);
        out[kafkaTimestamp] = event.get(eventLayout.kafkaTimestamp);
    }

    /**
     * Fills the leading columns of a dead-letter row {@code out} for the record at the given source position, with
     * its Kafka key and payload (either may be null).
     */
    public void fillDeadLetter(Object[] out, DeadLetterReason why, String text, String sourceTopic,
            int sourcePartition, long sourceOffset, Object sourceTimestamp, byte[] key, byte[] value) {
        out[kind] = ReservedColumns.DEAD_LETTER;
        out[reason] = why.name();
        out[detail] = text;
        out[topic] = sourceTopic;
        out[partition] = sourcePartition;
        out[offset] = sourceOffset;
        out[kafkaTimestamp] = sourceTimestamp;
        out[sourceKey] = key;
        out[payload] = value;
    }

    /** The source topic of {@code row}. */
    public String topic(Row row) {
        return row.getString(topic);
    }

    /** Copies the leading columns of {@code in} (laid out by {@code from}) into {@code out}. */
    public void copy(Row in, LeadingColumns from, Object[] out) {
        out[kind] = in.get(from.kind);
        out[reason] = in.get(from.reason);
        out[detail] = in.get(from.detail);
        out[topic] = in.get(from.topic);
        out[partition] = in.get(from.partition);
        out[offset] = in.get(from.offset);
        out[kafkaTimestamp] = in.get(from.kafkaTimestamp);
        out[sourceKey] = in.get(from.sourceKey);
        out[payload] = in.get(from.payload);
    }

    /** Sets the kind of a new row {@code out}. */
    public void setKind(Object[] out, String value) {
        out[kind] = value;
    }

    /** The source partition of {@code row}. */
    public int partition(Row row) {
        return row.getInt(partition);
    }

    /** The source offset of {@code row}. */
    public long offset(Row row) {
        return row.getLong(offset);
    }

    /** The Kafka timestamp of {@code row}'s source record, epoch milliseconds. */
    public long kafkaMillis(Row row) {
        return ValueTypes.epochMillis(row.get(kafkaTimestamp));
    }
}
