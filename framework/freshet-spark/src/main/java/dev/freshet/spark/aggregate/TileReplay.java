package dev.freshet.spark.aggregate;

import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The per-key step every aggregating job shares: sort one key's events in source order (partition, then offset) and
 * offer each to the key's {@link KeyTiles} under the {@link EventTimePolicy}, so that the online job, its replays and
 * point-in-time retrieval accept and reject exactly the same events.
 */
public final class TileReplay {

    /** What the caller does with each decision. */
    public interface Decisions {
        /** {@code event} was aggregated. */
        default void accepted(Row event, long eventMillis) {}

        /**
         * {@code event} was rejected.
         *
         * @param watermark the key's watermark on the event's partition before the event
         */
        default void rejected(Row event, EventTimePolicy.Decision decision, long eventMillis, long watermark) {}
    }

    private TileReplay() {}

    /** Sorts {@code events} (in place) in source order and offers each to {@code tiles}; returns how many it accepted. */
    public static long replay(List<Row> events, EventColumns layout, KeyTiles tiles, EventTimePolicy policy,
            Decisions decisions) {
        events.sort(Comparator.<Row>comparingInt(layout::partition).thenComparingLong(layout::offset));
        long accepted = 0;
        for (Row event : events) {
            int partition = layout.partition(event);
            long eventMillis = layout.eventMillis(event);
            long watermark = tiles.watermark(partition);
            EventTimePolicy.Decision decision = tiles.offer(partition, eventMillis, layout.kafkaMillis(event),
                    layout.inputs(event), policy);
            if (decision == EventTimePolicy.Decision.ACCEPT) {
                accepted++;
                decisions.accepted(event, eventMillis);
            } else {
                decisions.rejected(event, decision, eventMillis, watermark);
            }
        }
        return accepted;
    }
}
