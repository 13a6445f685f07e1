package dev.freshet.spark.sink;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.unix_millis;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.output.DatasetOutput;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import dev.freshet.spark.source.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * An OFFLINE sink of an aggregated feature set (ADR 0018), run by the offline job after the offline table's append:
 * for each key the micro-batch appended events of, one message with the key's vector read from the offline table at
 * the first tile boundary after its newest appended event, by the point-in-time retrieval ({@link HistoricalFeatures})
 * — so the vector holds every stored event of the key up to that boundary, the one just appended included, and
 * equals what the online store serves at that time for the same events. That boundary is the message's timestamp.
 *
 * <p>A replayed batch reads the same table (the append is idempotent) and so sends the same messages again.
 */
public final class OfflineVectorSink implements DatasetOutput {

    private static final long serialVersionUID = 1L;

    /** The label column holding each key's read time. */
    static final String READ_AT = ReservedColumns.READ_AT;

    private final FeatureSetSpec spec;
    private final KafkaSinkSpec sink;
    private final SinkSender sender;
    private final transient OfflineTable table;

    /**
     * The OFFLINE sink {@code sink} of aggregated {@code spec}, reading vectors from {@code table} and writing through
     * {@code connection} (with its security resolved), waiting at most {@code timeout} for acknowledgements.
     */
    public OfflineVectorSink(FeatureSetSpec spec, KafkaSinkSpec sink, OfflineTable table, KafkaConnection connection,
            Duration timeout) {
        this.spec = requireNonNull(spec, "spec");
        this.sink = requireNonNull(sink, "sink");
        this.table = requireNonNull(table, "table");
        this.sender = new SinkSender(spec, sink, connection, timeout);
        if (!spec.aggregated()) {
            throw new IllegalArgumentException("feature set \"" + spec.name() + "\" is row-level: its OFFLINE sinks"
                    + " are written by a SinkOutput");
        }
    }

    @Override
    public String name() {
        return "sink " + sink.name();
    }

    @Override
    public boolean countsRecords() {
        return false;
    }

    @Override
    public OutputCounts write(Dataset<Row> batch, long batchId) {
        long tile = TiledAggregation.of(spec).plan().finest();
        Column[] keys = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
        Dataset<Row> labels = batch.filter(col(ReservedColumns.KIND).equalTo(ReservedColumns.FEATURES))
                .groupBy(keys)
                .agg(max(unix_millis(col("`" + spec.timestampColumn() + "`"))).as("newest"))
                .withColumn(READ_AT, timestamp_millis(col("newest").minus(col("newest").mod(lit(tile)))
                        .plus(lit(tile))))
                .drop("newest");
        Dataset<Row> vectors = new HistoricalFeatures(batch.sparkSession(), FeatureSetCatalog.of(List.of(spec)), table)
                .pointInTime(labels, READ_AT, List.of(FeatureRequest.all(spec.name())), Duration.ZERO);
        SinkSender send = sender;
        List<String> keyNames = spec.key();
        StructType schema = vectors.schema();
        long sent = 0;
        for (Long n : vectors.mapPartitions((MapPartitionsFunction<Row, Long>) rows -> {
            SinkSender.Session session = send.open();
            RowLayout layout = RowLayout.of(schema);
            while (rows.hasNext()) {
                Row row = rows.next();
                List<Object> key = new ArrayList<>(keyNames.size());
                for (ColumnSpec k : send.key()) {
                    key.add(ValueTypes.fromSparkValue(row.get(layout.index(k.name())), k.type()));
                }
                Object[] values = new Object[send.features().size()];
                for (int i = 0; i < values.length; i++) {
                    ColumnSpec f = send.features().get(i);
                    values[i] = ValueTypes.fromSparkValue(row.get(layout.index(f.name())), f.type());
                }
                session.send(key, ValueTypes.epochMillis(row.get(layout.index(READ_AT))), values);
            }
            return List.of(session.finish()).iterator();
        }, Encoders.LONG()).collectAsList()) {
            sent += n;
        }
        return new OutputCounts(sent, 0);
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
