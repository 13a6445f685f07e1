package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The event-time aggregations of a feature set and how they are computed. A row-level feature set has none, and keeps
 * only its {@code maxEventTimeSkew} (events further in the future are dead-lettered as for aggregated sets); {@link
 * #NONE} is a row-level set without any event-time check (specs built by hand).
 *
 * @param aggregations     the aggregations, in declaration order
 * @param windows          the windows, in declaration order
 * @param tileSize         the finest tile
 * @param allowedLateness  how far behind its key's newest event (same partition) an event may be
 * @param maxEventTimeSkew how far after its Kafka timestamp an event's time may be; zero for a row-level set turns
 *                         the check off
 */
public record WindowedAggregations(List<AggregationSpec> aggregations, List<Duration> windows, Duration tileSize,
        Duration allowedLateness, Duration maxEventTimeSkew) implements Serializable {

    /** No aggregations: a row-level feature set. */
    public static final WindowedAggregations NONE =
            new WindowedAggregations(List.of(), List.of(), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);

    /** Checks the parts and copies the lists. */
    public WindowedAggregations {
        aggregations = List.copyOf(aggregations);
        windows = List.copyOf(windows);
        requireNonNull(tileSize, "tileSize");
        requireNonNull(allowedLateness, "allowedLateness");
        requireNonNull(maxEventTimeSkew, "maxEventTimeSkew");
        if (aggregations.isEmpty() != windows.isEmpty()) {
            throw new IllegalArgumentException("aggregations and windows go together: declare both or neither");
        }
    }

    /** Whether there are aggregations. */
    public boolean present() {
        return !aggregations.isEmpty();
    }
}
