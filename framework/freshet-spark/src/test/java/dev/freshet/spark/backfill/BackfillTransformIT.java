package dev.freshet.spark.backfill;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BackfillTransformSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spi.BackfillTransformInvoker;
import dev.freshet.core.error.FreshetException;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill whose rows a Java transform makes instead of SQL, on a local SparkSession: the transform reads the batch
 * sources as views under their names (each within its range), and its rows become the stream's decoded records; a
 * transform whose output misses a stream column is refused naming it, one that throws naming the method. The
 * invokers are written by hand here, as the processor generates them: a lambda calling a static method.
 */
class BackfillTransformIT {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant T3 = T0.plusSeconds(3 * 3600);

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();
    private final FeatureSetSpec spec = aFeatureSet().name("backfilled").build();

    /** Card payments of holders not blocked, refunds (negative amounts) left out, in the stream's columns. */
    public static Dataset<Row> payments(SparkSession spark) {
        Dataset<Row> cards = spark.table("old_cards");
        return cards.join(spark.table("blocked_cards"), cards.col("card_holder").equalTo(col("holder")), "left_anti")
                .where(col("amount_cents").gt(0))
                .select(col("card_holder").as("user_id"), col("amount_cents").divide(100.0).as("amount"),
                        col("remote").as("is_remote"), col("ts").as("timestamp"));
    }

    /** The same without {@code is_remote}. */
    public static Dataset<Row> withoutRemote(SparkSession spark) {
        return payments(spark).drop("is_remote");
    }

    /** A transform that fails while it builds its plan. */
    public static Dataset<Row> broken(SparkSession spark) {
        throw new IllegalStateException("no card table today");
    }

    @Test
    void aTransformJoiningAndFilteringTwoSourcesGivesTheStreamsDecodedRecords() throws Exception {
        BackfillSpec backfill = backfill("test.Backfilled.payments(SparkSession)",
                spark -> payments((SparkSession) spark));

        List<Row> rows = BackfillInput.decoded(spark, spec, backfill).collectAsList();

        assertThat(rows).extracting(r -> r.getString(0) + "=" + r.getDouble(1) + (r.getBoolean(2) ? " remote" : ""))
                .containsExactlyInAnyOrder("u1=12.5 remote", "u1=30.0", "u3=4.0");
        assertThat(rows).extracting(r -> r.getStruct(4).getString(0)).containsOnly("backfill:backfilled");
        // The views lived for the call only.
        assertThat(spark.catalog().tableExists("old_cards")).isFalse();
        assertThat(spark.catalog().tableExists("blocked_cards")).isFalse();
    }

    @Test
    void aTransformWhoseOutputMissesAStreamColumnIsRefusedNamingIt() throws Exception {
        BackfillSpec backfill = backfill("test.Backfilled.withoutRemote(SparkSession)",
                spark -> withoutRemote((SparkSession) spark));

        assertThatThrownBy(() -> BackfillInput.decoded(spark, spec, backfill))
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"backfilled\": the Dataset the backfill transform"
                        + " test.Backfilled.withoutRemote(SparkSession) returns does not hold the columns of stream"
                        + " source \"transaction_stream\": column \"is_remote\" (boolean) is missing. Return every"
                        + " column of the stream source with its type from the method (rename and cast the batch"
                        + " sources' columns), so that the feature set's transform reads backfilled rows as it reads"
                        + " the stream's");
    }

    @Test
    void aTransformThatThrowsIsNamedWithWhatItThrew() throws Exception {
        BackfillSpec backfill = backfill("test.Backfilled.broken(SparkSession)", spark -> broken((SparkSession) spark));

        assertThatThrownBy(() -> BackfillInput.decoded(spark, spec, backfill))
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"backfilled\": the backfill transform test.Backfilled.broken(SparkSession)"
                        + " threw java.lang.IllegalStateException: no card table today while the backfill built its"
                        + " plan, before it read a row; fix the method (running the backfill again runs it the same"
                        + " way)")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(spark.catalog().tableExists("old_cards")).isFalse();
    }

    /** A backfill of both sources over {@code [T0, T3)} by the transform {@code method}, called by {@code invoker}. */
    private BackfillSpec backfill(String method, BackfillTransformInvoker invoker) throws Exception {
        return new BackfillSpec(T0, T3, List.of(new BackfillSpec.Source(oldCards(), T0, T3),
                new BackfillSpec.Source(blockedCards(), T0, T3)), "", new BackfillTransformSpec(method, invoker));
    }

    /** Parquet of another schema: amounts in cents; a refund, a blocked holder, and one event after the range. */
    private BatchSourceSpec oldCards() {
        StructType schema = new StructType()
                .add("card_holder", DataTypes.StringType, true)
                .add("amount_cents", DataTypes.LongType, true)
                .add("remote", DataTypes.BooleanType, true)
                .add("ts", DataTypes.TimestampType, true);
        List<Row> rows = Arrays.asList(
                RowFactory.create("u1", 1250L, true, Timestamp.from(T0.plusSeconds(60))),
                RowFactory.create("u2", 700L, false, Timestamp.from(T0.plusSeconds(120))),
                RowFactory.create("u1", -500L, false, Timestamp.from(T0.plusSeconds(900))),
                RowFactory.create("u1", 3000L, false, Timestamp.from(T0.plusSeconds(1800))),
                RowFactory.create("u3", 400L, false, Timestamp.from(T0.plusSeconds(7200))),
                RowFactory.create("u3", 999L, false, Timestamp.from(T3)));
        Path path = dir.resolve("old-cards");
        spark.createDataFrame(rows, schema).write().parquet(path.toString());
        return new BatchSourceSpec("old_cards", BatchFormat.PARQUET, path.toString(), false, "ts", List.of(),
                Map.of(), "test.OldCards");
    }

    /** JSON lines: the holders whose cards were blocked, and when. */
    private BatchSourceSpec blockedCards() throws Exception {
        Path path = dir.resolve("blocked-cards.json");
        Files.writeString(path, "{\"holder\":\"u2\",\"blocked_at\":\"2026-06-01T00:10:00Z\"}\n");
        return new BatchSourceSpec("blocked_cards", BatchFormat.JSON, path.toString(), false, "blocked_at",
                List.of(column("holder", ValueType.STRING), column("blocked_at", ValueType.TIMESTAMP)), Map.of(),
                "test.BlockedCards");
    }
}
