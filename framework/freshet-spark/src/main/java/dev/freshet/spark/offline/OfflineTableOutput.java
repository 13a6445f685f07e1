package dev.freshet.spark.offline;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.output.DatasetOutput;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.row.ReservedColumns;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * The offline store's output: each micro-batch's feature rows appended to the feature set's Delta table, idempotently
 * ({@link OfflineTable#append}), counted by an observation on the append itself. A replayed batch the table already
 * has is counted as skipped.
 */
public final class OfflineTableOutput implements DatasetOutput {

    private static final long serialVersionUID = 1L;

    private final transient OfflineTable table;
    private final FeatureSetSpec spec;
    private final String writer;
    private final int files;

    /**
     * An output appending {@code spec}'s rows to {@code table}.
     *
     * @param writer the Delta writer id ({@code txnAppId}), which belongs to the job's checkpoint
     * @param files  files written per event date and batch
     */
    public OfflineTableOutput(OfflineTable table, FeatureSetSpec spec, String writer, int files) {
        this.table = requireNonNull(table, "table");
        this.spec = requireNonNull(spec, "spec");
        this.writer = requireNonNull(writer, "writer");
        this.files = files;
    }

    @Override
    public String name() {
        return "offline-store";
    }

    @Override
    public OutputCounts write(Dataset<Row> batch, long batchId) {
        Column features = col(ReservedColumns.KIND).equalTo(ReservedColumns.FEATURES);
        if (batchId <= table.committedBatch(batch.sparkSession(), spec.name(), writer)) {
            // A batch replayed after a crash that Delta already has: the append would be skipped without running the
            // batch, and what observes the batch (the job's dead-letter counts) would wait for ever. Run it once.
            return new OutputCounts(0, batch.where(features).count());
        }
        Observation appended = new Observation("freshet-offline-" + spec.name() + "-appended-" + batchId);
        table.append(batch.observe(appended, count_if(features).as("rows"),
                max(when(features, unix_millis(col(spec.timestampColumn())))).as("newest")), spec, writer, batchId,
                files);
        try {
            Map<String, Object> observed = appended.getAsJava();
            Object newest = observed.get("newest");
            return new OutputCounts(((Number) observed.get("rows")).longValue(), 0,
                    newest == null ? OutputCounts.NO_EVENT : ((Number) newest).longValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting an offline batch", e);
        }
    }

    @Override
    public String location() {
        return "Delta table at " + table.path(spec.name());
    }

    @Override
    public String describe(OutputCounts counts) {
        return "appended " + counts.written() + " rows to " + table.path(spec.name())
                + (counts.skipped() > 0 ? ", skipped " + counts.skipped() + " it already had" : "");
    }
}
