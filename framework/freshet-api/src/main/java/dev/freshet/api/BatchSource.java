package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a batch source: historical events in files or a Delta table, which a {@link Backfill} reads instead of
 * Kafka for the time before its end.
 *
 * <p>On a <b>record</b>, the record's components are the declared schema, one column per component, named and typed
 * as for a {@link KafkaSource} record; the processor then checks the backfill SQL over it at compile time. On an
 * <b>interface</b>, the schema is read from the data when the backfill job starts, and the backfill SQL's columns are
 * checked then.
 *
 * <pre>{@code
 * @BatchSource(name = "transaction_history", format = BatchFormat.PARQUET,
 *         path = "${history.root}/transactions", timestampColumn = "timestamp")
 * public record HistoricalTransaction(String user_id, double amount, boolean is_remote, Instant timestamp) {}
 *
 * @BatchSource(name = "ledger", format = BatchFormat.DELTA, table = "finance.ledger", timestampColumn = "booked_at")
 * public interface Ledger {}
 * }</pre>
 *
 * <p>Give exactly one of {@link #path()} and {@link #table()}. A path may hold {@code ${...}} placeholders: the
 * processor keeps them as written, for the application that runs the backfill to resolve from its configuration.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface BatchSource {

    /** Name under which backfills refer to this source, and under which the backfill SQL reads it as a view. */
    String name();

    /** How the data is stored. */
    BatchFormat format();

    /** The files' path or URI ({@code file:}, {@code s3a:}, …); empty when {@link #table()} is given. */
    String path() default "";

    /** A table of the session's catalog, for the {@link BatchFormat#DELTA} format only; empty when a path is given. */
    String table() default "";

    /** The column holding each event's time, a timestamp ({@link java.time.Instant} in a declared schema). */
    String timestampColumn();

    /**
     * Spark reader options, each {@code "key=value"}, such as {@code "header=true"} or {@code "delimiter=;"}; the
     * value is everything after the first {@code '='}.
     */
    String[] options() default {};
}
