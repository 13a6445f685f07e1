package dev.freshet.spark.online;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.key.EntityKeys;
import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.WriteResult;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.output.PartitionOutput;
import dev.freshet.spark.output.PartitionWriter;
import dev.freshet.spark.row.PipelineRowLayout;
import dev.freshet.spark.row.ReservedColumns;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The online store's output of a row-level feature set: per partition, the newest event of each key (by event time,
 * then partition, then offset) goes to the store's {@link EntityWriter}, which keeps per key only the newest event it
 * was ever given; the other events of the partition could only lose there, and count as skipped.
 */
public final class EntityOutput implements PartitionOutput {

    private static final long serialVersionUID = 1L;

    private final FeatureSetSpec spec;
    private final EntityWriter writer;
    private final String store;

    /**
     * An output of {@code spec}'s feature values through {@code writer}.
     *
     * @param store where the writer writes, for log lines
     */
    public EntityOutput(FeatureSetSpec spec, EntityWriter writer, String store) {
        this.spec = requireNonNull(spec, "spec");
        this.writer = requireNonNull(writer, "writer");
        this.store = requireNonNull(store, "store");
    }

    @Override
    public String name() {
        return "online-store";
    }

    @Override
    public String consumes() {
        return ReservedColumns.FEATURES;
    }

    @Override
    public PartitionWriter open(StructType schema, long batchId) {
        PipelineRowLayout layout = PipelineRowLayout.of(spec, schema);
        return new PartitionWriter() {
            private final Map<String, EntityWrite> newest = new LinkedHashMap<>();
            private long superseded;
            private long newestEvent = OutputCounts.NO_EVENT;

            @Override
            public void accept(Row row) {
                EntityWrite w = new EntityWrite(layout.key().values(row), layout.eventMillis(row),
                        layout.leading().partition(row), layout.leading().offset(row), layout.featureValues(row));
                newestEvent = Math.max(newestEvent, w.eventTime());
                String key = EntityKeys.encode(w.key());
                EntityWrite previous = newest.putIfAbsent(key, w);
                if (previous != null) {
                    superseded++;
                    if (w.isNewerThan(previous)) {
                        newest.put(key, w);
                    }
                }
            }

            @Override
            public OutputCounts finish() {
                WriteResult result = writer.write(newest.values().iterator());
                return new OutputCounts(result.applied(), result.stale() + superseded, newestEvent);
            }
        };
    }

    @Override
    public String location() {
        return store;
    }

    @Override
    public String describe(OutputCounts counts) {
        return "wrote " + counts.written() + " rows to " + store + ", skipped " + counts.skipped()
                + " older than stored";
    }
}
