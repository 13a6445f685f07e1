package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the Java method that makes a {@link Backfill}'s rows, used instead of the backfill's {@code sql}: for what
 * reads better with Spark's Dataset API than as SQL over the batch sources. Put it on a method of the
 * {@link StreamingFeatureSet} class that has the {@code @Backfill}.
 *
 * <pre>{@code
 * @StreamingFeatureSet(name = "user-spend", key = "user_id", source = "transaction_stream", ...)
 * @Backfill(start = "2026-11-01T00:00:00Z", end = "2026-12-01T00:00:00Z",
 *         sources = {@BackfillSource(name = "card_history"), @BackfillSource(name = "blocked_cards")})
 * public class UserSpend {
 *
 *     @BackfillTransform
 *     public static Dataset<Row> history(SparkSession spark) {
 *         Dataset<Row> cards = spark.table("card_history");
 *         return cards.join(spark.table("blocked_cards"), cards.col("card").equalTo(col("blocked")), "left_anti")
 *                 .select(col("card_holder").as("user_id"), col("amount"), col("remote").as("is_remote"),
 *                         col("ts").as("timestamp"));
 *     }
 * }
 * }</pre>
 *
 * <p>The method must be {@code public static}, take one {@code org.apache.spark.sql.SparkSession}, return
 * {@code org.apache.spark.sql.Dataset<Row>} and declare no checked exception. While it runs, each batch source of the
 * backfill is a temporary view under its name ({@code spark.table("card_history")}), filtered to the slice of event
 * times being read, as for the SQL; the method runs once per slice. The Dataset it returns must hold every column of
 * the feature set's stream source with its type: the engine checks that before it reads a row, naming each missing or
 * mistyped column. The processor checks the method's shape at compile time.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.CLASS)
public @interface BackfillTransform {
}
