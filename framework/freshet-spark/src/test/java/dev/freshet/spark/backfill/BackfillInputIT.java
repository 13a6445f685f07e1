package dev.freshet.spark.backfill;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.pipeline.DecodeFunction;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill's input from two real batch sources — Parquet files of another schema and JSON lines — on a local
 * SparkSession: each read within its own range, combined by the backfill SQL into the stream source's columns, with
 * synthetic positions in event-time order per key; and a backfill SQL that does not output the stream's columns
 * refused before a row is read, naming each.
 */
class BackfillInputIT {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final Instant T3 = T0.plusSeconds(3 * 3600);
    private static final String SQL = """
            SELECT card_holder AS user_id, amount_cents / 100.0D AS amount, remote AS is_remote, ts AS timestamp
            FROM old_cards
            UNION ALL
            SELECT user_id, amount, is_remote, timestamp FROM recent_cards""";

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();
    private final FeatureSetSpec spec = aFeatureSet().name("backfilled").build();

    @Test
    void readsEachSourceWithinItsRangeAsTheStreamsDecodedRecordsWithPositionsInTimeOrder() throws Exception {
        BackfillSpec backfill = new BackfillSpec(T0, T3, List.of(
                new BackfillSpec.Source(oldCards(), T0, T1),
                new BackfillSpec.Source(recentCards(), T1, T3)), SQL);

        Dataset<Row> decoded = BackfillInput.decoded(spark, spec, backfill);

        assertThat(namesAndTypes(decoded.schema())).isEqualTo(namesAndTypes(DecodeFunction.outputSchema(spec)));
        List<Row> rows = decoded.collectAsList();
        assertThat(rows).extracting(r -> r.getString(0) + "=" + r.getDouble(1)).containsExactlyInAnyOrder(
                "u1=12.5", "u1=30.0", "u2=7.0", "u1=40.0", "u2=8.0");
        assertThat(rows).extracting(r -> r.getStruct(4).getString(0)).containsOnly("backfill:backfilled");
        assertThat(rows).extracting(r -> r.getStruct(4).getInt(1)).containsOnly(-1);
        Map<String, List<Row>> byUser = new TreeMap<>();
        rows.forEach(r -> byUser.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r));
        for (List<Row> user : byUser.values()) {
            user.sort(Comparator.comparingLong(r -> r.getStruct(4).getLong(2)));
            assertThat(user).extracting(r -> (Timestamp) r.getTimestamp(3)).isSorted();
            assertThat(user).allSatisfy(r -> assertThat(r.getStruct(4).getTimestamp(3)).isEqualTo(r.getTimestamp(3)));
        }
    }

    @Test
    void aBackfillSqlThatDoesNotOutputTheStreamSourcesColumnsIsRefusedNamingEach() throws Exception {
        BackfillSpec backfill = new BackfillSpec(T0, T3, List.of(new BackfillSpec.Source(oldCards(), T0, T3)),
                "SELECT amount_cents AS user_id, amount_cents / 100.0D AS amount, ts AS timestamp FROM old_cards");

        assertThatThrownBy(() -> BackfillInput.decoded(spark, spec, backfill))
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"backfilled\": the backfill SQL's output does not hold the columns of stream"
                        + " source \"transaction_stream\": column \"user_id\" is bigint, the source's is string;"
                        + " column \"is_remote\" (boolean) is missing. Select every column of the stream source with"
                        + " its type in the backfill SQL (rename and CAST the batch sources' columns), so that the"
                        + " feature set's transform reads backfilled rows as it reads the stream's")
                .hasMessage(FreshetErrors.backfillSchema("backfilled", "transaction_stream", List.of(
                        FreshetErrors.backfillColumnMistyped("user_id", "bigint", "string"),
                        FreshetErrors.backfillColumnMissing("is_remote", "boolean"))).getMessage());
    }

    /** Parquet of another schema: amounts in cents; one event before its range, one after. */
    private BatchSourceSpec oldCards() {
        StructType schema = new StructType()
                .add("card_holder", DataTypes.StringType, true)
                .add("amount_cents", DataTypes.LongType, true)
                .add("remote", DataTypes.BooleanType, true)
                .add("ts", DataTypes.TimestampType, true);
        List<Row> rows = Arrays.asList(
                RowFactory.create("u1", 999L, false, Timestamp.from(T0.minusSeconds(1))),
                RowFactory.create("u1", 1250L, true, Timestamp.from(T0.plusSeconds(60))),
                RowFactory.create("u2", 700L, false, Timestamp.from(T0.plusSeconds(120))),
                RowFactory.create("u1", 3000L, false, Timestamp.from(T0.plusSeconds(1800))),
                RowFactory.create("u1", 5555L, false, Timestamp.from(T1)));
        Path path = dir.resolve("old-cards");
        spark.createDataFrame(rows, schema).write().parquet(path.toString());
        return new BatchSourceSpec("old_cards", BatchFormat.PARQUET, path.toString(), false, "ts", List.of(),
                Map.of(), "test.OldCards");
    }

    /** JSON lines with the stream's schema, declared; one event of the older source's range, which is not read. */
    private BatchSourceSpec recentCards() throws Exception {
        Path path = dir.resolve("recent-cards.json");
        Files.writeString(path, String.join("\n",
                "{\"user_id\":\"u1\",\"amount\":1.0,\"is_remote\":false,\"timestamp\":\"2026-06-01T00:30:00Z\"}",
                "{\"user_id\":\"u2\",\"amount\":8.0,\"is_remote\":true,\"timestamp\":\"2026-06-01T02:59:59Z\"}",
                "{\"user_id\":\"u1\",\"amount\":40.0,\"is_remote\":false,\"timestamp\":\"2026-06-01T01:00:00Z\"}",
                "{\"user_id\":\"u1\",\"amount\":2.0,\"is_remote\":false,\"timestamp\":\"2026-06-01T03:00:00Z\"}"));
        return new BatchSourceSpec("recent_cards", BatchFormat.JSON, path.toString(), false, "timestamp",
                List.of(column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                        column("is_remote", ValueType.BOOLEAN), column("timestamp", ValueType.TIMESTAMP)),
                Map.of(), "test.RecentCards");
    }

    private static List<String> namesAndTypes(StructType schema) {
        // simpleString leaves nullability out: the backfill SQL decides which of its columns may be null.
        return Arrays.stream(schema.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    }
}
