package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a streaming feature set: features computed continuously from one Kafka source, kept fresh in the online
 * store (Redis) and appended on a schedule to the offline store.
 *
 * <p>The annotated class is only a carrier for the declaration; Freshet's annotation processor validates it at
 * compile time and generates its spec, so nothing about the class is reflected on at run time.
 *
 * <pre>{@code
 * @StreamingFeatureSet(
 *     name = "user-transactions",
 *     key = "user_id",
 *     source = "transaction_stream",
 *     timestamp = "timestamp",
 *     sql = "SELECT user_id, amount, is_remote, timestamp FROM transaction_stream")
 * @FeatureSetMetadata(owner = "risk-team", description = "Latest transaction per user")
 * public class UserTransactionFeatures {}
 * }</pre>
 *
 * <p>Values given here are the defaults; an operator may override the schedule-related ones per feature set with
 * Spring properties under {@code freshet.feature-sets.<name>.*}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface StreamingFeatureSet {

    /**
     * Name of the feature set: letters, digits and hyphens, at most 40 characters. When empty, the name is the class
     * name in kebab case ({@code UserTransactionFeatures} becomes {@code user-transaction-features}).
     */
    String name() default "";

    /** Key columns: one or more output columns of the transform that identify an entity, such as {@code user_id}. */
    String[] key();

    /** Name of the one source this feature set reads, as declared by {@link KafkaSource#name()}. */
    String source();

    /** Event-time column: a timestamp column of the source schema, selected by the transform. */
    String timestamp();

    /**
     * Row-level Spark SQL over the source, which is registered under its name. Its select list is the feature set's
     * output: the key columns, the timestamp column and the features. Empty when the class declares a
     * {@link DatasetTransform} instead; one of the two is required.
     */
    String sql() default "";

    /**
     * How often the online job runs a micro-batch: a positive whole number and a unit, {@code <n>ms}, {@code <n>s},
     * {@code <n>m}, {@code <n>h} or {@code <n>d}, or spelled out ({@code "1 minute"}).
     */
    String onlineTrigger() default "5s";

    /**
     * When the offline ingestion job runs: a five-field Unix cron expression, evaluated in the configured time zone
     * (UTC unless {@code freshet.offline.time-zone} says otherwise).
     */
    String offlineSchedule() default "*/30 * * * *";

    /**
     * How long an entity's features stay in the online store after its last write, a whole number of seconds (Redis
     * expires keys in seconds), such as {@code "7d"} or {@code "12 hours"}; empty keeps
     * them until they are overwritten (row-level feature sets) or until no window can hold them any more
     * (aggregations).
     */
    String onlineTtl() default "";

    /**
     * Event-time aggregations over the SQL's output, computed for each of {@link #windows()}. With aggregations, the
     * features are the aggregates; without, they are the SQL's output columns.
     */
    Aggregate[] aggregations() default {};

    /**
     * Windows of the aggregations, each a whole number of seconds: {@code "10s"}, {@code "1m"}, {@code "1h"},
     * {@code "7d"} (or {@code "1 minute"}, {@code "3 hours"}, {@code "7 day"}).
     */
    String[] windows() default {};

    /**
     * The finest tile of the aggregations: {@code 1s} (the default), {@code 5s}, {@code 1m}, {@code 5m} or {@code 1h}.
     * Every window must be a multiple of it; reads see events up to the last tile boundary, so it is also the
     * freshness of aggregates. A coarser tile keeps less state.
     */
    String tileSize() default "1s";

    /**
     * How much older than the newest event of its key (on the same Kafka partition) an event may be and still be
     * aggregated; older events are dead-lettered as {@code LATE}.
     */
    String allowedLateness() default "5m";

    /**
     * How far an event's time may lie after its Kafka record's timestamp; beyond it the event is dead-lettered as
     * {@code FUTURE_EVENT_TIME} before it can move the key's watermark.
     */
    String maxEventTimeSkew() default "5m";
}
