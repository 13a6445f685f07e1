package dev.freshet.spark.sink;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.spark.aggregate.TileRowLayout;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.output.PartitionOutput;
import dev.freshet.spark.output.PartitionWriter;
import dev.freshet.spark.row.PipelineRowLayout;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.source.KafkaConnection;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * An auxiliary Kafka sink of a feature set, as an output of the job it is attached to (ADR 0018): in the one pass over
 * each micro-batch, every feature vector becomes a {@link dev.freshet.core.sink.SinkMessage} sent to the sink's topic, and the partition
 * completes once Kafka has acknowledged them all, so a batch commits only after its messages are durable.
 *
 * <ul>
 *   <li>Row-level feature sets: one message per feature row, stamped with its event time, in the partition's order.
 *   <li>Aggregated feature sets (online job): one message per key whose tiles the batch changed, holding its vector
 *       read at the batch's read time, which is its timestamp.
 * </ul>
 *
 * <p>A sink is no store of its own: its counts are not the job's record counts ({@link #countsRecords()}) but the
 * messages sent, counted as {@code freshet.output.records{output="sink <name>"}}.
 */
public final class SinkOutput implements PartitionOutput {

    private static final long serialVersionUID = 1L;

    private final FeatureSetSpec spec;
    private final KafkaSinkSpec sink;
    private final SinkSender sender;

    /**
     * The sink {@code sink} of {@code spec}, written through {@code connection} (with its security resolved), waiting
     * at most {@code timeout} for acknowledgements.
     */
    public SinkOutput(FeatureSetSpec spec, KafkaSinkSpec sink, KafkaConnection connection, Duration timeout) {
        this.spec = requireNonNull(spec, "spec");
        this.sink = requireNonNull(sink, "sink");
        this.sender = new SinkSender(spec, sink, connection, timeout);
    }

    /** The sink this output writes. */
    public KafkaSinkSpec sink() {
        return sink;
    }

    @Override
    public String name() {
        return "sink " + sink.name();
    }

    @Override
    public String consumes() {
        return spec.aggregated() ? ReservedColumns.TILES : ReservedColumns.FEATURES;
    }

    @Override
    public boolean countsRecords() {
        return false;
    }

    @Override
    public PartitionWriter open(StructType schema, long batchId) {
        SinkSender.Session session = sender.open();
        Vectors vectors = spec.aggregated() ? tileVectors(schema) : rowVectors(schema);
        return new PartitionWriter() {
            @Override
            public void accept(Row row) {
                session.send(vectors.key(row), vectors.timeMillis(row), vectors.values(row));
            }

            @Override
            public OutputCounts finish() {
                return new OutputCounts(session.finish(), 0);
            }
        };
    }

    private Vectors tileVectors(StructType schema) {
        TileRowLayout layout = TileRowLayout.of(spec, schema);
        if (!layout.hasVector()) {
            throw new IllegalStateException("the tile rows of feature set \"" + spec.name() + "\" carry no vectors for"
                    + " sink \"" + sink.name() + "\": is it attached to the online job?");
        }
        return new Vectors() {
            @Override
            public List<Object> key(Row row) {
                return layout.keyValues(row);
            }

            @Override
            public long timeMillis(Row row) {
                return layout.readAt(row);
            }

            @Override
            public Object[] values(Row row) {
                return layout.vector(row);
            }
        };
    }

    private Vectors rowVectors(StructType schema) {
        PipelineRowLayout layout = PipelineRowLayout.of(spec, schema);
        return new Vectors() {
            @Override
            public List<Object> key(Row row) {
                return layout.key().values(row);
            }

            @Override
            public long timeMillis(Row row) {
                return layout.eventMillis(row);
            }

            @Override
            public Object[] values(Row row) {
                return layout.featureValues(row);
            }
        };
    }

    /** Where the vectors of the consumed rows are. */
    private interface Vectors {
        List<Object> key(Row row);

        long timeMillis(Row row);

        Object[] values(Row row);
    }

    @Override
    public String location() {
        return sender.location();
    }

    @Override
    public String describe(OutputCounts counts) {
        return sender.describe(counts.written());
    }
}
