package dev.freshet.spark.pipeline;

import dev.freshet.spark.function.RecordInTransform;
import dev.freshet.spark.row.ReservedColumns;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * For records typed already (a backfill's batch rows), what the decoder does for Kafka records of a feature set whose
 * transform can fail on a record: hands each record's position to the {@link RecordInTransform} of its task as it
 * goes into the transform, so that a failing SQL function or record transform dead-letters that record only. Typed
 * records have no Kafka key or payload: their dead letters carry the position, the reason and the detail.
 */
final class TypedRecordEntry implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final int source;

    /** The entry of records whose {@link ReservedColumns#SOURCE} struct is column {@code source}. */
    TypedRecordEntry(int source) {
        this.source = source;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordInTransform transform = RecordInTransform.begin();
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> RecordInTransform.end());
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row r = input.next();
                Row position = r.getStruct(source);
                transform.enter(new RecordInTransform.Position(position.getString(0), position.getInt(1),
                        position.getLong(2)), position.getTimestamp(3), null, null);
                return r;
            }
        };
    }
}
