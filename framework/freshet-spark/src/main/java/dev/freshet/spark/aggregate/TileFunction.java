package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TileRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The stateful heart of aggregation, run per entity key and micro-batch by {@code flatMapGroupsWithState}:
 *
 * <ol>
 *   <li>restore the key's {@link KeyTiles} from Spark's state store (committed with the offsets of the previous
 *       batch, so a replayed batch starts from exactly the same state);
 *   <li>replay the key's events in source order ({@link TileReplay}): each is accepted, late or in the future by the
 *       {@link EventTimePolicy}, which depends only on the records;
 *   <li>prune tiles no read can need, store the state, and emit one row with the absolute values of the changed
 *       tiles and the pruned tile names (for a feature set with ONLINE sinks, also the key's feature vector read at
 *       the batch's processing time), plus a dead-letter row per rejected event.
 * </ol>
 *
 * Dead-letter rows of the decoder and the transform travel through the same operator under synthetic group keys
 * (one per source partition) and come out unchanged, so the outputs see one stream.
 */
final class TileFunction implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {

    private static final long serialVersionUID = 1L;

    /** Group keys of dead-letter rows start with this character, which encoded entity keys never do. */
    static final String DEAD_LETTER_GROUP = "\u0000";

    private final String featureSet;
    private final TiledAggregation model;
    private final TileInputLayout in;
    private final TileRowLayout out;
    private final long ttlMillis;

    /** The operator of {@code spec}; its tiles are written with a TTL of {@code ttl} (zero for none). */
    TileFunction(FeatureSetSpec spec, TiledAggregation model, TileInputLayout in, TileRowLayout out, Duration ttl) {
        this.featureSet = spec.name();
        this.model = model;
        this.in = in;
        this.out = out;
        this.ttlMillis = ttl.toMillis();
    }

    /** The grouping key of an operator input row: its encoded entity key, or a dead-letter group. */
    static MapFunction<Row, String> groupKey(TileInputLayout in) {
        return row -> in.leading().isDeadLetter(row) ? DEAD_LETTER_GROUP + in.leading().partition(row)
                : in.key().encode(row);
    }

    @Override
    public Iterator<Row> call(String group, Iterator<Row> rows, GroupState<byte[]> state) {
        List<Row> result = new ArrayList<>();
        if (group.startsWith(DEAD_LETTER_GROUP)) {
            rows.forEachRemaining(r -> result.add(out.passThrough(r, in.leading())));
            return result.iterator();
        }
        List<Row> events = new ArrayList<>();
        rows.forEachRemaining(events::add);
        KeyTiles tiles = state.exists() ? KeyTiles.decode(state.get(), model.plan(), model.layout())
                : KeyTiles.empty(model.plan(), model.layout());
        long accepted = TileReplay.replay(events, in.events(), tiles, model.policy(), new TileReplay.Decisions() {
            @Override
            public void rejected(Row event, EventTimePolicy.Decision decision, long eventMillis, long watermark) {
                result.add(deadLetter(group, event, decision, eventMillis, watermark));
            }
        });
        tiles.prune(model.oldestRead(tiles.newest()));
        List<String> removed = tiles.removedTiles().stream().map(model.plan()::fieldName).sorted().toList();
        Map<TileRef, long[]> changed = tiles.changedTiles();
        if (!changed.isEmpty() || !removed.isEmpty()) {
            // The batch's processing time: recorded in the offset log, so a replayed batch sees the same value.
            long now = state.getCurrentProcessingTimeMs();
            Map<String, byte[]> written = new HashMap<>();
            for (Map.Entry<TileRef, long[]> e : (mayHaveExpired(tiles, now) ? tiles.tiles() : changed).entrySet()) {
                written.put(model.plan().fieldName(e.getKey()), TileCodec.encode(e.getValue()));
            }
            result.add(out.tiles(events.get(0), in, tiles.newest(), accepted, written, removed, now,
                    out.hasVector() ? WindowedFeatures.read(model.plan(), model.layout(), tiles::tile, now) : null));
            tiles.written(now);
        }
        tiles.clearChanges();
        state.update(tiles.encode());
        return result.iterator();
    }

    /**
     * Whether the key's hash in the online store may have expired since its last write, so that this write must hold
     * all its tiles, not only the changed ones: the TTL counts wall-clock time since the last write, while the state
     * keeps tiles by event time, and a key idle (or a job stopped) for longer than the TTL would otherwise come back
     * with only this batch's tiles. Half the TTL leaves room for the time a batch takes until it writes.
     */
    private boolean mayHaveExpired(KeyTiles tiles, long now) {
        return ttlMillis > 0 && (tiles.lastWritten() == Long.MIN_VALUE || now - tiles.lastWritten() >= ttlMillis / 2);
    }

    private Row deadLetter(String key, Row event, EventTimePolicy.Decision decision, long eventMillis,
            long watermark) {
        if (decision == EventTimePolicy.Decision.LATE) {
            return out.deadLetter(event, in, DeadLetterReason.LATE, "event time " + Instant.ofEpochMilli(eventMillis)
                    + " of key " + key + " is " + ago(watermark - eventMillis) + " before the newest event of the key"
                    + " on partition " + in.events().partition(event) + " (" + Instant.ofEpochMilli(watermark)
                    + "); allowed lateness is " + literal(model.policy().allowedLateness()));
        }
        long kafkaMillis = in.events().kafkaMillis(event);
        return out.deadLetter(event, in, DeadLetterReason.FUTURE_EVENT_TIME, "event time "
                + Instant.ofEpochMilli(eventMillis) + " of key " + key + " is " + ago(eventMillis - kafkaMillis)
                + " after the Kafka record's timestamp " + Instant.ofEpochMilli(kafkaMillis) + "; the maximum skew is "
                + literal(model.policy().maxEventTimeSkew()));
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
