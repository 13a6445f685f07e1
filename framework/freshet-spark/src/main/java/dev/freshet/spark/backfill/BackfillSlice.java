package dev.freshet.spark.backfill;

import static java.util.Objects.requireNonNull;

import dev.freshet.spark.source.RecordSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The records of one slice of a backfill, typed already: the backfill SQL's output over the batch sources read within
 * the slice's range, with synthetic positions ({@link BackfillInput}).
 *
 * @param plan  the backfill
 * @param slice the slice
 */
public record BackfillSlice(BackfillPlan plan, BackfillPlan.Slice slice) implements RecordSource {

    /** Checks the parts. */
    public BackfillSlice {
        requireNonNull(plan, "plan");
        requireNonNull(slice, "slice");
    }

    @Override
    public Dataset<Row> open(SparkSession spark) {
        return BackfillInput.decoded(spark, plan.spec(), plan.backfill(), slice.from(), slice.until(), slice.index());
    }

    @Override
    public boolean typed() {
        return true;
    }
}
