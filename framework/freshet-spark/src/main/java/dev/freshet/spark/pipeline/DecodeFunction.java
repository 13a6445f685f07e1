package dev.freshet.spark.pipeline;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.record.Decoded;
import dev.freshet.core.record.JsonRecordDecoder;
import dev.freshet.spark.schema.ValueTypes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes raw Kafka rows ({@code key, value, topic, partition, offset, timestamp}) with the core's strict
 * {@link JsonRecordDecoder}. Each output row has the source columns, the {@link SinkColumns#SOURCE} struct, and a
 * {@link SinkColumns#REJECT} struct that is null for accepted records and says why for rejected ones (whose source
 * columns are then all null). Runs on executors; holds only serializable state.
 */
public final class DecodeFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final JsonRecordDecoder decoder;

    /** A decoder for {@code spec}'s source, requiring its key and event-time members. */
    public DecodeFunction(FeatureSetSpec spec) {
        this.decoder = new JsonRecordDecoder(spec.source(), spec.key(), spec.timestampColumn());
    }

    /** The schema of decoded rows for {@code spec}. */
    public static StructType outputSchema(FeatureSetSpec spec) {
        return ValueTypes.schema(spec.source().fields())
                .add(SinkColumns.SOURCE, SinkColumns.SOURCE_TYPE, false)
                .add(SinkColumns.REJECT, SinkColumns.REJECT_TYPE, true);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                return decode(input.next());
            }
        };
    }

    private Row decode(Row kafka) {
        byte[] key = (byte[]) kafka.get(0);
        byte[] value = (byte[]) kafka.get(1);
        Row source = RowFactory.create(kafka.getString(2), kafka.getInt(3), kafka.getLong(4), timestamp(kafka.get(5)));
        int width = decoder.width();
        Object[] out = new Object[width + 2];
        out[width] = source;
        Decoded decoded = decoder.decode(value);
        if (decoded instanceof Decoded.Accepted accepted) {
            Object[] values = accepted.values();
            for (int i = 0; i < width; i++) {
                out[i] = ValueTypes.toSparkValue(values[i]);
            }
        } else {
            Decoded.Rejected rejected = (Decoded.Rejected) decoded;
            out[width + 1] = RowFactory.create(rejected.reason().name(), rejected.detail(), key, value);
        }
        return RowFactory.create(out);
    }

    private static Timestamp timestamp(Object value) {
        return value instanceof Instant i ? Timestamp.from(i) : (Timestamp) value;
    }
}
