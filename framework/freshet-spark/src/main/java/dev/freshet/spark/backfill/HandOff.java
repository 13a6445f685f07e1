package dev.freshet.spark.backfill;

import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.time.Instant;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stream's side of a backfill's hand-off (ADR 0017): a feature set with a backfill takes from Kafka only the
 * events at or after the backfill's end; the backfill has taken those before it from the batch sources. A Kafka
 * job drops the feature rows whose event time is before the end, counting them under {@link #REASON}, right after the
 * pipeline — before the tiles and the stores, so that each event reaches each store from exactly one side. Dead-letter
 * rows pass: a record that cannot be ingested is reported whichever side it would have belonged to.
 */
public final class HandOff implements FilterFunction<Row>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The reason under which records left to the backfill are counted ({@code freshet.records.skipped}). */
    public static final String REASON = "before_backfill_end";

    private final Instant end;
    private final int kind;
    private final int eventTime;
    private final ReasonCounts skipped;

    private HandOff(Instant end, int kind, int eventTime, ReasonCounts skipped) {
        this.end = end;
        this.kind = kind;
        this.eventTime = eventTime;
        this.skipped = skipped;
    }

    /**
     * The pipeline rows of a Kafka job of {@code spec} that the stream takes: all of them without a backfill, else
     * those that are no feature rows before the backfill's end; the others are counted in {@code skipped}.
     */
    public static Dataset<Row> streamSide(FeatureSetSpec spec, Dataset<Row> pipelineRows, ReasonCounts skipped) {
        if (spec.backfill().isEmpty()) {
            return pipelineRows;
        }
        BackfillSpec backfill = spec.backfill().get();
        RowLayout layout = RowLayout.of(pipelineRows.schema());
        return pipelineRows.filter(new HandOff(backfill.end(), layout.index(ReservedColumns.KIND),
                layout.index(spec.timestampColumn()), skipped));
    }

    @Override
    public boolean call(Row row) {
        if (!ReservedColumns.FEATURES.equals(row.getString(kind)) || row.isNullAt(eventTime)
                || !ValueTypes.instant(row.get(eventTime)).isBefore(end)) {
            return true;
        }
        skipped.add(REASON);
        return false;
    }

    @Override
    public String toString() {
        return "HandOff[before " + end + "]";
    }
}
