package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an aggregated {@link StreamingFeatureSet} its history: events with an event time before {@link #end()} come
 * from batch sources instead of Kafka, and go through the feature set's own transform and aggregations into its tiles
 * and offline table. Put it on the feature-set class.
 *
 * <pre>{@code
 * @StreamingFeatureSet(name = "user-spending", key = "user_id", source = "transaction_stream", ...,
 *         windows = {"1h", "1d"})
 * @Backfill(start = "2026-01-01T00:00:00Z", end = "2026-03-01T00:00:00Z",
 *         sources = @BackfillSource(name = "transaction_history"))
 * public class UserSpending {}
 * }</pre>
 *
 * <p>The backfill SQL reads each batch source as a view under its name, filtered to its range, and must output every
 * column of the feature set's stream source with its type; without SQL, the one source is read as it is
 * ({@code SELECT * FROM <name>}). The SQL may combine sources (joins, unions) and call Spark's built-in functions.
 * The end is the hand-off to the stream: it must be a multiple of the feature set's tile size.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface Backfill {

    /** The first event time read, inclusive: an ISO-8601 instant such as {@code "2026-01-01T00:00:00Z"}. */
    String start();

    /**
     * The hand-off, exclusive: events before it come from the batch sources, events at or after it from Kafka. An
     * ISO-8601 instant on a tile boundary of the feature set.
     */
    String end();

    /** The batch sources read, each at most once. */
    BackfillSource[] sources();

    /**
     * Spark SQL over the batch sources, whose output holds the stream source's columns; empty for
     * {@code SELECT * FROM <name>} over the one source.
     */
    String sql() default "";
}
