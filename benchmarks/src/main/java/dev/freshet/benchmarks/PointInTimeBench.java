package dev.freshet.benchmarks;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.xxhash64;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineTable;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Point-in-time retrieval against a baseline, on one offline table: {@code labels} label rows over {@code keys} keys
 * against {@code keys × perKey} stored feature rows of a row-level feature set. Freshet's sort-based as-of join
 * ({@link HistoricalFeatures}) against the naive Spark way — a join on key and {@code event time <= label time}, then
 * {@code row_number()} over each label's matches. Both answers are reduced to one checksum, and compared. The floor
 * is what any as-of join over an unclustered table pays: scanning the stored rows and sorting them by key and time.
 */
final class PointInTimeBench {

    /** One shape's outcome. */
    record Result(long keys, long perKey, long labels, double freshetSeconds, double naiveSeconds,
            double floorSeconds, boolean identical) {
    }

    private PointInTimeBench() {}

    static Result run(SparkSession spark, long keys, long perKey, long labelCount) throws Exception {
        FeatureSetSpec spec = aFeatureSet().name("pit-bench-" + perKey).build();
        OfflineTable table = new OfflineTable(Files.createTempDirectory("freshet-pit-bench").toString());
        long rows = keys * perKey;
        long span = 30L * 24 * 3600; // a month of event time, in seconds
        Column user = concat(lit("user-"), pmod(xxhash64(col("id"), lit(1)), lit(keys)).cast("string"));
        Column eventSeconds = lit(1_767_225_600L).plus(pmod(xxhash64(col("id"), lit(2)), lit(span)));
        spark.range(rows).select(
                        user.as("user_id"),
                        pmod(xxhash64(col("id"), lit(3)), lit(100_000)).divide(100.0).as("amount"),
                        pmod(xxhash64(col("id"), lit(4)), lit(10)).equalTo(0).as("is_remote"),
                        timestamp_seconds(eventSeconds).as("timestamp"),
                        pmod(col("id"), lit(4)).cast("int").as(OfflineTable.PARTITION),
                        col("id").as(OfflineTable.OFFSET),
                        timestamp_seconds(eventSeconds).as(OfflineTable.KAFKA_TIMESTAMP),
                        lit("bench").as(OfflineTable.WRITER),
                        lit(0L).as(OfflineTable.BATCH),
                        timestamp_seconds(eventSeconds).as(OfflineTable.INGESTED_AT),
                        to_date(timestamp_seconds(eventSeconds)).as(OfflineTable.EVENT_DATE))
                .write().format("delta").mode("overwrite").partitionBy(OfflineTable.EVENT_DATE)
                .save(table.path(spec.name()));
        Dataset<Row> labels = spark.range(labelCount).select(
                        col("id").as("label_id"),
                        concat(lit("user-"), pmod(xxhash64(col("id"), lit(5)), lit(keys)).cast("string")).as("user_id"),
                        timestamp_seconds(lit(1_767_225_600L).plus(pmod(xxhash64(col("id"), lit(6)), lit(span))))
                                .as("label_time"))
                .cache();
        labels.count();
        HistoricalFeatures historical = new HistoricalFeatures(spark, FeatureSetCatalog.of(List.of(spec)), table);

        // Warm-up on a slice, for both, so that neither pays for class loading and code generation.
        checksum(historical.pointInTime(labels.limit(10_000), "label_time",
                List.of(FeatureRequest.all(spec.name())), Duration.ZERO));
        checksum(naive(spark, table, spec, labels.limit(10_000)));

        long t0 = System.nanoTime();
        long freshet = checksum(historical.pointInTime(labels, "label_time",
                List.of(FeatureRequest.all(spec.name())), Duration.ZERO));
        double freshetSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        long naive = checksum(naive(spark, table, spec, labels));
        double naiveSeconds = (System.nanoTime() - t1) / 1e9;
        labels.unpersist();
        long t2 = System.nanoTime();
        table.read(spark, spec).select(col("user_id"), col("timestamp"), col(OfflineTable.PARTITION),
                        col(OfflineTable.OFFSET), col("amount"), col("is_remote"))
                .repartition(col("user_id"))
                .sortWithinPartitions(col("user_id"), col("timestamp"), col(OfflineTable.PARTITION),
                        col(OfflineTable.OFFSET))
                .write().format("noop").mode("overwrite").save();
        double floorSeconds = (System.nanoTime() - t2) / 1e9;
        System.out.printf("[bench] point-in-time, %,d labels over %,d keys × %d rows: Freshet %.1f s, naive %.1f s"
                + " (%.1f×), scan + sort floor %.1f s, %s%n", labelCount, keys, perKey, freshetSeconds, naiveSeconds,
                naiveSeconds / freshetSeconds, floorSeconds, freshet == naive ? "identical" : "DIFFERENT");
        return new Result(keys, perKey, labelCount, freshetSeconds, naiveSeconds, floorSeconds, freshet == naive);
    }

    /** The baseline: join on key and time, keep each label's newest match (the online store's order). */
    private static Dataset<Row> naive(SparkSession spark, OfflineTable table, FeatureSetSpec spec,
            Dataset<Row> labels) {
        Dataset<Row> features = table.read(spark, spec).select(col("user_id").as("f_user"),
                col("timestamp").as("f_time"), col(OfflineTable.PARTITION).as("f_partition"),
                col(OfflineTable.OFFSET).as("f_offset"), col("amount"), col("is_remote"));
        Dataset<Row> joined = labels.join(features, labels.col("user_id").equalTo(features.col("f_user"))
                .and(features.col("f_time").leq(labels.col("label_time"))), "left");
        return joined.withColumn("rank", row_number().over(Window.partitionBy("label_id")
                        .orderBy(col("f_time").desc_nulls_last(), col("f_partition").desc_nulls_last(),
                                col("f_offset").desc_nulls_last())))
                .where(col("rank").equalTo(1))
                .select(col("label_id"), col("user_id"), col("label_time"), col("amount"), col("is_remote"));
    }

    /** One number summarising every row of an answer (label ids are unique, so XOR loses nothing but collisions). */
    private static long checksum(Dataset<Row> answer) {
        Row r = answer.agg(bit_xor(xxhash64(col("label_id"), coalesce(col("amount"), lit(-1.0)),
                coalesce(col("is_remote").cast("int"), lit(-1)))).as("checksum")).first();
        return r.isNullAt(0) ? 0 : r.getLong(0);
    }
}
