package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TileRef;
import dev.freshet.spark.pipeline.SinkColumns;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The stateful heart of aggregation, run per entity key and micro-batch by {@code flatMapGroupsWithState}:
 *
 * <ol>
 *   <li>restore the key's {@link KeyTiles} from Spark's state store (committed with the offsets of the previous
 *       batch, so a replayed batch starts from exactly the same state);
 *   <li>offer the key's events in source order (partition, offset): each is accepted, late or in the future by the
 *       {@link EventTimePolicy}, which depends only on the records;
 *   <li>prune tiles no read can need, store the state, and emit one row with the absolute values of the changed
 *       tiles and the pruned tile names, plus a dead-letter row per rejected event.
 * </ol>
 *
 * Dead-letter rows of the decoder and the transform travel through the same operator under synthetic group keys
 * (one per source partition) and come out unchanged, so the sink sees one stream.
 */
final class TileFunction implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {

    private static final long serialVersionUID = 1L;

    /** Group keys of dead-letter rows start with this character, which encoded entity keys never do. */
    static final String DEAD_LETTER_GROUP = "\u0000";

    private final String featureSet;
    private final TiledAggregation model;
    private final TileColumns columns;

    TileFunction(FeatureSetSpec spec, TiledAggregation model, TileColumns columns) {
        this.featureSet = spec.name();
        this.model = model;
        this.columns = columns;
    }

    /** The grouping key of an operator input row. */
    static MapFunction<Row, String> groupKey(TileColumns columns) {
        int kind = TileColumns.leading(SinkColumns.KIND);
        int partition = TileColumns.leading(SinkColumns.PARTITION);
        int[] keys = columns.keyIndexes;
        return row -> {
            if (SinkColumns.DEAD_LETTER.equals(row.getString(kind))) {
                return DEAD_LETTER_GROUP + row.getInt(partition);
            }
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(row.get(k));
            }
            return dev.freshet.redis.OnlineStoreLayout.encodeKey(key);
        };
    }

    @Override
    public Iterator<Row> call(String group, Iterator<Row> rows, GroupState<byte[]> state) {
        List<Row> out = new ArrayList<>();
        if (group.startsWith(DEAD_LETTER_GROUP)) {
            rows.forEachRemaining(r -> out.add(passThrough(r)));
            return out.iterator();
        }
        List<Row> events = new ArrayList<>();
        rows.forEachRemaining(events::add);
        int partition = TileColumns.leading(SinkColumns.PARTITION);
        int offset = TileColumns.leading(SinkColumns.OFFSET);
        int kafkaTime = TileColumns.leading(SinkColumns.SOURCE_TIMESTAMP);
        events.sort(Comparator.<Row>comparingInt(r -> r.getInt(partition)).thenComparingLong(r -> r.getLong(offset)));

        KeyTiles tiles = state.exists() ? KeyTiles.decode(state.get(), model.plan(), model.layout())
                : KeyTiles.empty(model.plan(), model.layout());
        int[] inputs = columns.aggregationInputIndexes;
        long accepted = 0;
        for (Row event : events) {
            Object[] values = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                values[i] = event.get(inputs[i]);
            }
            long eventTime = millis(event.get(columns.timestampIndex));
            long watermark = tiles.watermark(event.getInt(partition));
            EventTimePolicy.Decision decision = tiles.offer(event.getInt(partition), eventTime,
                    millis(event.get(kafkaTime)), values, model.policy());
            switch (decision) {
                case ACCEPT -> accepted++;
                case LATE -> out.add(deadLetter(event, DeadLetterReason.LATE, "event time "
                        + Instant.ofEpochMilli(eventTime) + " of key " + group + " is "
                        + ago(watermark - eventTime) + " before the newest event of the key on partition "
                        + event.getInt(partition) + " (" + Instant.ofEpochMilli(watermark) + "); allowed lateness is "
                        + literal(model.policy().allowedLateness())));
                case FUTURE -> out.add(deadLetter(event, DeadLetterReason.FUTURE_EVENT_TIME, "event time "
                        + Instant.ofEpochMilli(eventTime) + " of key " + group + " is "
                        + ago(eventTime - millis(event.get(kafkaTime))) + " after the Kafka record's timestamp "
                        + Instant.ofEpochMilli(millis(event.get(kafkaTime))) + "; the maximum skew is "
                        + literal(model.policy().maxEventTimeSkew())));
            }
        }
        tiles.prune(tiles.newest() - model.policy().maxEventTimeSkew().toMillis());
        Map<String, byte[]> changed = new HashMap<>();
        for (Map.Entry<TileRef, long[]> e : tiles.changedTiles().entrySet()) {
            changed.put(model.plan().fieldName(e.getKey()), TileCodec.encode(e.getValue()));
        }
        List<String> removed = tiles.removedTiles().stream().map(model.plan()::fieldName).sorted().toList();
        if (!changed.isEmpty() || !removed.isEmpty()) {
            out.add(tileRow(events.get(0), tiles.newest(), accepted, changed, removed));
        }
        tiles.clearChanges();
        state.update(tiles.encode());
        return out.iterator();
    }

    private Row passThrough(Row in) {
        Object[] out = new Object[columns.outputWidth()];
        for (int i = 0; i < SinkColumns.LEADING.size(); i++) {
            out[i] = in.get(i);
        }
        return RowFactory.create(out);
    }

    private Row deadLetter(Row event, DeadLetterReason reason, String detail) {
        Object[] out = new Object[columns.outputWidth()];
        out[0] = SinkColumns.DEAD_LETTER;
        out[1] = reason.name();
        out[2] = detail;
        for (int i = 3; i <= 6; i++) {
            out[i] = event.get(i); // topic, partition, offset, Kafka timestamp
        }
        copyKey(event, out);
        return RowFactory.create(out);
    }

    private Row tileRow(Row anyEvent, long newest, long accepted, Map<String, byte[]> changed,
            List<String> removed) {
        Object[] out = new Object[columns.outputWidth()];
        out[0] = TileColumns.KIND_TILES;
        copyKey(anyEvent, out);
        int base = SinkColumns.LEADING.size() + columns.keyIndexes.length;
        out[base] = newest;
        out[base + 1] = accepted;
        out[base + 2] = CollectionConverters.asScala(changed);
        out[base + 3] = CollectionConverters.asScala(removed).toSeq();
        return RowFactory.create(out);
    }

    private void copyKey(Row event, Object[] out) {
        for (int i = 0; i < columns.keyIndexes.length; i++) {
            out[columns.outputKeyIndex(i)] = event.get(columns.keyIndexes[i]);
        }
    }

    private static long millis(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.getTime() : ((Instant) timestamp).toEpochMilli();
    }

    private static String ago(long millis) {
        return millis <= 0 ? "0s" : DurationLiteral.format(Duration.ofMillis(millis));
    }

    private static String literal(Duration d) {
        return d.isZero() ? "0s" : DurationLiteral.format(d);
    }

    @Override
    public String toString() {
        return "TileFunction[" + featureSet + "]";
    }
}
