package dev.freshet.spark.consistency;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that training and serving agree: samples keys of a feature set from its offline table, reads their online
 * vectors as of an instant, recomputes them from the offline store at the same instant with
 * {@link HistoricalFeatures}, and counts per feature what matched. Doubles match within a relative 1e-9.
 *
 * <p>For a row-level feature set the online store holds each key's newest event, so compare at an instant at or after
 * the newest ingested event (such as now); aggregates can be compared at any instant the online tiles still cover.
 */
public final class ConsistencyChecker {

    private static final double TOLERANCE = 1e-9;
    private static final int EXAMPLES = 5;

    private final SparkSession spark;
    private final FeatureSetCatalog catalog;
    private final OfflineTable table;
    private final HistoricalFeatures historical;
    private final RedisOnlineFeatureClient online;

    /** A checker comparing {@code online} with {@code table}. */
    public ConsistencyChecker(SparkSession spark, FeatureSetCatalog catalog, OfflineTable table,
            RedisOnlineFeatureClient online) {
        this.spark = spark;
        this.catalog = catalog;
        this.table = table;
        this.historical = new HistoricalFeatures(spark, catalog, table);
        this.online = online;
    }

    /** Compares up to {@code sample} keys of {@code featureSet} at {@code at}. */
    public ConsistencyReport check(String featureSet, int sample, Instant at) {
        FeatureSetSpec spec = catalog.get(featureSet);
        Column[] keyColumns = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
        List<Row> keys = table.read(spark, spec).select(keyColumns).distinct().orderBy(rand(42)).limit(sample)
                .collectAsList();
        StructType labelSchema = table.read(spark, spec).select(keyColumns).schema()
                .add("__at", DataTypes.TimestampType, false);
        List<Row> labelRows = new ArrayList<>();
        List<EntityKey> entityKeys = new ArrayList<>();
        EntityKeyColumns sampled = EntityKeyColumns.of(RowLayout.of(labelSchema), spec.key());
        for (Row k : keys) {
            List<Object> key = sampled.values(k);
            List<Object> values = new ArrayList<>(key);
            values.add(Timestamp.from(at));
            labelRows.add(RowFactory.create(values.toArray()));
            entityKeys.add(new EntityKey(key));
        }
        Dataset<Row> labels = spark.createDataFrame(labelRows, labelSchema);
        Dataset<Row> offlineRows = historical.pointInTime(labels, "__at", List.of(FeatureRequest.all(featureSet)),
                Duration.ZERO);
        List<Row> offline = offlineRows.collectAsList();
        Map<EntityKey, FeatureVector> served = online.getAllAsOf(featureSet, entityKeys, at);

        Map<String, long[]> counts = new LinkedHashMap<>();
        spec.featureColumns().forEach(c -> counts.put(c.name(), new long[4]));
        List<String> examples = new ArrayList<>();
        RowLayout layout = RowLayout.of(offlineRows.schema());
        EntityKeyColumns offlineKeys = EntityKeyColumns.of(layout, spec.key());
        int[] featureIndexes = layout.indices(spec.featureColumns().stream().map(ColumnSpec::name).toList());
        for (Row row : offline) {
            List<Object> key = offlineKeys.values(row);
            FeatureVector vector = served.get(new EntityKey(key));
            boolean offlineHas = false;
            for (int f : featureIndexes) {
                offlineHas |= row.get(f) != null;
            }
            for (int f = 0; f < spec.featureColumns().size(); f++) {
                ColumnSpec c = spec.featureColumns().get(f);
                Object expected = ValueTypes.fromSparkValue(row.get(featureIndexes[f]), c.type());
                long[] n = counts.get(c.name());
                if (vector == null) {
                    n[offlineHas ? 2 : 0]++;
                    continue;
                }
                if (!offlineHas) {
                    n[3]++;
                    continue;
                }
                FeatureValue actual = vector.feature(c.name());
                if (same(expected, actual.value())) {
                    n[0]++;
                } else {
                    n[1]++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(key + " " + c.name() + ": online " + actual.value() + ", offline " + expected);
                    }
                }
            }
        }
        Map<String, ConsistencyReport.FeatureConsistency> features = new LinkedHashMap<>();
        counts.forEach((name, n) -> features.put(name,
                new ConsistencyReport.FeatureConsistency(n[0], n[1], n[2], n[3])));
        return new ConsistencyReport(featureSet, at, keys.size(), features, examples);
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            if (e.isNaN() || a.isNaN() || e.isInfinite() || a.isInfinite()) {
                return e.equals(a);
            }
            return Math.abs(e - a) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
        }
        return Objects.equals(expected, actual);
    }
}
