package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the typed record transform of the {@link StreamingFeatureSet} class that declares the method: plain Java from
 * one input record to zero, one or many output records, run on every record instead of the feature set's
 * {@code sql} or after it.
 *
 * <pre>{@code
 * @StreamingFeatureSet(key = "user_id", source = "transaction_stream", timestamp = "timestamp", ...)
 * public class UserRisk {
 *     public record Scored(String user_id, double risk, Instant timestamp) {}
 *
 *     @RecordTransform
 *     public static Optional<Scored> score(Transaction t) {
 *         return t.amount() <= 0 ? Optional.empty() : Optional.of(new Scored(t.user_id(), risk(t), t.timestamp()));
 *     }
 * }
 * }</pre>
 *
 * <p>The method must be {@code public static} and declare no checked exception. Its one parameter is a record: the
 * source's record (the {@link KafkaSource} class) when the feature set has no {@code sql}, or a record whose
 * components are exactly the SQL's output columns (by name and type) when it has. It returns the output record
 * {@code R} (one row per input), {@code Optional<R>} (zero or one) or {@code List<R>} (zero or many); {@code R}'s
 * components, in order, are the feature set's output columns, its key and timestamp columns among them (the
 * timestamp as {@link java.time.Instant}). The processor checks all this at compile time and generates the
 * conversion between Spark rows and the records, so nothing is reflected on at run time. A method that throws on a
 * record sends that record to the dead-letter topic with reason {@code TRANSFORM_ERROR}; the job keeps running.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.CLASS)
public @interface RecordTransform {
}
