package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The events of any frame that holds them under Freshet's reserved names — the tile operator's input, the offline
 * table — by name, as a {@link TileReplay} reads them: {@link ReservedColumns#PARTITION}, {@link ReservedColumns#OFFSET},
 * {@link ReservedColumns#KAFKA_TIMESTAMP}, the feature set's event-time column and the aggregation inputs.
 */
public final class EventColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int offset;
    private final int kafkaTime;
    private final int eventTime;
    private final int[] inputs;

    private EventColumns(RowLayout layout, FeatureSetSpec spec, List<String> inputColumns) {
        this.partition = layout.index(ReservedColumns.PARTITION);
        this.offset = layout.index(ReservedColumns.OFFSET);
        this.kafkaTime = layout.index(ReservedColumns.KAFKA_TIMESTAMP);
        this.eventTime = layout.index(spec.timestampColumn());
        this.inputs = layout.indices(inputColumns);
    }

    /** The events of {@code spec} in frames laid out by {@code layout}, with aggregation inputs {@code inputColumns}. */
    public static EventColumns of(RowLayout layout, FeatureSetSpec spec, List<String> inputColumns) {
        return new EventColumns(layout, spec, inputColumns);
    }

    /** The event's Kafka partition. */
    public int partition(Row event) {
        return event.getInt(partition);
    }

    /** The event's Kafka offset. */
    public long offset(Row event) {
        return event.getLong(offset);
    }

    /** The event time, epoch milliseconds. */
    public long eventMillis(Row event) {
        return ValueTypes.epochMillis(event.get(eventTime));
    }

    /** The Kafka record's timestamp, epoch milliseconds. */
    public long kafkaMillis(Row event) {
        return ValueTypes.epochMillis(event.get(kafkaTime));
    }

    /** The values of the aggregation inputs, in the order of the partial-aggregate layout's input columns. */
    public Object[] inputs(Row event) {
        Object[] values = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = event.get(inputs[i]);
        }
        return values;
    }
}
