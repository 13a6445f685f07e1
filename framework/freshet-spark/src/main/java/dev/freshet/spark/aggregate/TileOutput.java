package dev.freshet.spark.aggregate;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.store.TileWriter;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.output.PartitionOutput;
import dev.freshet.spark.output.PartitionWriter;
import dev.freshet.spark.row.ReservedColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The online store's output of an aggregated feature set: each tile row (one key's changed tiles, absolute values
 * from committed state) goes to the store's {@link TileWriter}, in chunks. Counts the events the rows aggregated.
 */
public final class TileOutput implements PartitionOutput {

    private static final long serialVersionUID = 1L;

    /** Keys handed to the writer at once: bounds the memory a partition holds, and a write acknowledges a chunk. */
    static final int CHUNK = 500;

    private final FeatureSetSpec spec;
    private final TileWriter writer;
    private final String store;

    /**
     * An output of {@code spec}'s tiles through {@code writer}.
     *
     * @param store where the writer writes, for log lines
     */
    public TileOutput(FeatureSetSpec spec, TileWriter writer, String store) {
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
        return ReservedColumns.TILES;
    }

    @Override
    public PartitionWriter open(StructType schema, long batchId) {
        TileRowLayout layout = new TileRowLayout(spec, schema);
        return new PartitionWriter() {
            private final List<TileWrite> chunk = new ArrayList<>(CHUNK);
            private long accepted;
            private long newestEvent = OutputCounts.NO_EVENT;

            @Override
            public void accept(Row row) {
                TileWrite write = layout.write(row);
                newestEvent = Math.max(newestEvent, write.newestEventTime());
                chunk.add(write);
                accepted += layout.accepted(row);
                if (chunk.size() == CHUNK) {
                    flush();
                }
            }

            @Override
            public OutputCounts finish() {
                flush();
                return new OutputCounts(accepted, 0, newestEvent);
            }

            private void flush() {
                if (!chunk.isEmpty()) {
                    writer.write(chunk.iterator());
                    chunk.clear();
                }
            }
        };
    }

    @Override
    public String location() {
        return store;
    }

    @Override
    public String describe(OutputCounts counts) {
        return "aggregated " + counts.written() + " events into tiles in " + store;
    }
}
