package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.TileWrite;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.LeadingColumns;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The tile operator's output rows, by name: a key's tile changes ({@link ReservedColumns#TILES}) or a dead letter.
 * Builds them in the operator and reads them in the tile output and, for their vectors, in sinks.
 */
public final class TileRowLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int width;
    private final LeadingColumns leading;
    private final EntityKeyColumns key;
    private final int newest;
    private final int accepted;
    private final int tiles;
    private final int removed;
    private final int readAt;
    private final int vector;
    private final dev.freshet.api.spec.ColumnSpec[] features;

    TileRowLayout(FeatureSetSpec spec, StructType schema) {
        RowLayout layout = RowLayout.of(schema);
        this.width = layout.width();
        this.leading = LeadingColumns.of(layout);
        this.key = EntityKeyColumns.of(layout, spec.key());
        this.newest = layout.index(ReservedColumns.NEWEST);
        this.accepted = layout.index(ReservedColumns.ACCEPTED);
        this.tiles = layout.index(ReservedColumns.TILES_CHANGED);
        this.removed = layout.index(ReservedColumns.TILES_REMOVED);
        boolean vectors = TileFrames.readsVectors(spec);
        this.readAt = vectors ? layout.index(ReservedColumns.READ_AT) : -1;
        this.vector = vectors ? layout.index(ReservedColumns.VECTOR) : -1;
        this.features = spec.featureColumns().toArray(dev.freshet.api.spec.ColumnSpec[]::new);
    }

    /** The layout of tile rows of {@code spec} with {@code schema}. */
    public static TileRowLayout of(FeatureSetSpec spec, StructType schema) {
        return new TileRowLayout(spec, schema);
    }

    /** Whether tile rows carry the key's feature vector at the batch's read time (for ONLINE sinks). */
    public boolean hasVector() {
        return vector >= 0;
    }

    /** A dead-letter row passed through unchanged from the operator's input. */
    Row passThrough(Row in, LeadingColumns from) {
        Object[] out = new Object[width];
        leading.copy(in, from, out);
        return RowFactory.create(out);
    }

    /** A dead-letter row for {@code event} (an input row), rejected for {@code reason}. */
    Row deadLetter(Row event, TileInputLayout from, dev.freshet.core.deadletter.DeadLetterReason reason,
            String detail) {
        Object[] out = new Object[width];
        leading.fillDeadLetter(out, event, from.leading(), reason, detail);
        copyKey(event, from.key(), out);
        return RowFactory.create(out);
    }

    /**
     * The tile row of one key: its newest event time, events accepted in the batch, changed and pruned tiles, and if
     * {@link #hasVector()} its feature values {@code values} (Java values, in feature order) read at {@code readMillis}.
     */
    Row tiles(Row anyEvent, TileInputLayout from, long newestMillis, long acceptedEvents, Map<String, byte[]> changed,
            List<String> pruned, long readMillis, Object[] values) {
        Object[] out = new Object[width];
        leading.setKind(out, ReservedColumns.TILES);
        copyKey(anyEvent, from.key(), out);
        out[newest] = newestMillis;
        out[accepted] = acceptedEvents;
        out[tiles] = CollectionConverters.asScala(changed);
        out[removed] = CollectionConverters.asScala(pruned).toSeq();
        if (hasVector()) {
            Object[] spark = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                spark[i] = ValueTypes.toSparkValue(values[i]);
            }
            out[readAt] = readMillis;
            out[vector] = RowFactory.create(spark);
        }
        return RowFactory.create(out);
    }

    /** The read time of a tile row's vector, epoch ms; only if {@link #hasVector()}. */
    public long readAt(Row row) {
        return row.getLong(readAt);
    }

    /** The feature values of a tile row's vector, in feature order, as Java values; only if {@link #hasVector()}. */
    public Object[] vector(Row row) {
        Row v = row.getStruct(vector);
        Object[] values = new Object[features.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueTypes.fromSparkValue(v.get(i), features[i].type());
        }
        return values;
    }

    /** The key values of a tile row, in key order. */
    public List<Object> keyValues(Row row) {
        return key.values(row);
    }

    /** The store write of a tile row. */
    TileWrite write(Row row) {
        scala.collection.Map<String, byte[]> changed = row.getMap(tiles);
        List<String> pruned = CollectionConverters.asJava(row.<String>getSeq(removed));
        return new TileWrite(key.values(row), row.getLong(newest), CollectionConverters.asJava(changed), pruned);
    }

    /** Events a tile row aggregated. */
    long accepted(Row row) {
        return row.getLong(accepted);
    }

    private void copyKey(Row event, EntityKeyColumns from, Object[] out) {
        for (int i = 0; i < key.size(); i++) {
            out[key.index(i)] = event.get(from.index(i));
        }
    }
}
