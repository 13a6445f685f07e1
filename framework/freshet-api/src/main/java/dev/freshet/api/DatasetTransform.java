package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the whole-Dataset transform of the {@link StreamingFeatureSet} class that declares the method, used instead of
 * its {@code sql}: for joins with static data, windows of one's own or any other part of Spark's Dataset API.
 *
 * <pre>{@code
 * @StreamingFeatureSet(key = "user_id", source = "transaction_stream", timestamp = "timestamp", ...)
 * public class TravelSpend {
 *     public record Output(String user_id, double travel_amount, Instant timestamp) {}
 *
 *     @DatasetTransform(output = Output.class)
 *     public static Dataset<Row> enrich(Dataset<Row> source) {
 *         return source.join(merchants(source.sparkSession()), "merchant_id").select(...);
 *     }
 * }
 * }</pre>
 *
 * <p>The method must be {@code public static}, take one {@code org.apache.spark.sql.Dataset<Row>} (the decoded
 * source records, one column per source component) and return one, and declare no checked exception. The
 * {@code output} record's components, in order, are the feature set's output columns: its key and timestamp columns
 * among them (the timestamp as {@link java.time.Instant}), each of a type a source component may have. The processor
 * checks all this at compile time; the engine runs the method once when a job builds its query and stops the job,
 * before it reads a record, if the returned Dataset lacks a declared column or has one of another type.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.CLASS)
public @interface DatasetTransform {

    /** The record declaring the transform's output: its components are the feature set's output columns. */
    Class<? extends Record> output();
}
