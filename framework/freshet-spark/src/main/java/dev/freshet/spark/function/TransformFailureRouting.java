package dev.freshet.spark.function;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.row.LeadingColumns;
import dev.freshet.spark.row.RowLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * After the SQL (and the record transform, if any), turns each record a SQL function or the record transform failed
 * on into one {@code TRANSFORM_ERROR} dead-letter row, with its payload: the record's output rows if it has any (a
 * function's null result must not be stored as a feature), or the record alone if the SQL's WHERE or the record
 * transform left it without rows (a failing call must not drop a record silently).
 *
 * <p>Rows arrive in the order of their records, as the task transformed them (see {@link RecordInTransform}); the
 * rows of one record (several with a generator such as {@code explode}) are held until the next record's rows arrive,
 * so that a failure on any of them turns all of them into the one dead letter. A failure recorded for another record
 * than the one whose rows are arriving belongs to a record the SQL dropped.
 */
public final class TransformFailureRouting implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final StructType schema;
    private final LeadingColumns leading;

    /**
     * Whether {@code spec}'s transform can fail on a record without failing the batch, so its pipeline tracks the
     * record being transformed and routes failures: its SQL calls SQL functions, or it has a record transform.
     */
    public static boolean needed(FeatureSetSpec spec) {
        return !spec.functions().isEmpty() || spec.record().isPresent();
    }

    /** Routing for pipeline rows of {@code schema}. */
    public TransformFailureRouting(StructType schema) {
        this.schema = schema;
        this.leading = LeadingColumns.of(RowLayout.of(schema));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();
            private final List<Row> pending = new ArrayList<>();
            private RecordInTransform.Position pendingAt;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && !done) {
                    if (input.hasNext()) {
                        Row row = input.next();
                        RecordInTransform.Position at = new RecordInTransform.Position(leading.topic(row),
                                leading.partition(row), leading.offset(row));
                        if (!at.equals(pendingAt)) {
                            flush(at);
                            pendingAt = at;
                        }
                        pending.add(row);
                    } else {
                        flush(null);
                        done = true;
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }

            /** Releases the pending record's rows and every failure but {@code keep}'s (whose rows are arriving). */
            private void flush(RecordInTransform.Position keep) {
                Optional<RecordInTransform> record = RecordInTransform.current();
                if (!pending.isEmpty()) {
                    Optional<RecordInTransform.Failure> failed = record.flatMap(r -> r.take(pendingAt));
                    if (failed.isPresent()) {
                        ready.add(deadLetter(failed.get()));
                    } else {
                        ready.addAll(pending);
                    }
                    pending.clear();
                }
                record.ifPresent(r -> r.takeAllBut(keep).forEach(f -> ready.add(deadLetter(f))));
            }
        };
    }

    private Row deadLetter(RecordInTransform.Failure f) {
        Object[] out = new Object[schema.size()];
        leading.fillDeadLetter(out, DeadLetterReason.TRANSFORM_ERROR, f.detail(), f.position().topic(),
                f.position().partition(), f.position().offset(), f.kafkaTimestamp(), f.key(), f.payload());
        return RowFactory.create(out);
    }
}
