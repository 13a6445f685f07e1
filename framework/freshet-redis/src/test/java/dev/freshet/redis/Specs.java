package dev.freshet.redis;

import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Specs of the transactions feature set for the Redis tests (this module may not depend on the Spark-based test
 * support): user_id, amount, is_remote, category, timestamp.
 */
final class Specs {

    static final List<ColumnSpec> COLUMNS = List.of(
            new ColumnSpec("user_id", ValueType.STRING),
            new ColumnSpec("amount", ValueType.DOUBLE),
            new ColumnSpec("is_remote", ValueType.BOOLEAN),
            new ColumnSpec("category", ValueType.STRING),
            new ColumnSpec("timestamp", ValueType.TIMESTAMP));

    private Specs() {}

    /** The row-level set {@code name}: features amount, is_remote, category. */
    static FeatureSetSpec rowLevel(String name) {
        return spec(name, WindowedAggregations.NONE,
                FeatureSetSpec.rowLevelFeatures(COLUMNS, List.of("user_id"), "timestamp"));
    }

    /** The aggregated set {@code name}, 1 s tiles, 5 minutes of lateness and skew. */
    static FeatureSetSpec aggregated(String name, List<AggregationSpec> aggregations, Duration... windows) {
        return aggregated(name, Duration.ofSeconds(1), aggregations, windows);
    }

    /** The aggregated set {@code name} with finest tile {@code tileSize}, 5 minutes of lateness and skew. */
    static FeatureSetSpec aggregated(String name, Duration tileSize, List<AggregationSpec> aggregations,
            Duration... windows) {
        WindowedAggregations a = new WindowedAggregations(aggregations, List.of(windows), tileSize,
                Duration.ofMinutes(5), Duration.ofMinutes(5));
        List<ColumnSpec> features = new ArrayList<>();
        for (AggregationSpec agg : aggregations) {
            ValueType input = COLUMNS.stream().filter(c -> c.name().equals(agg.column())).findFirst().orElseThrow()
                    .type();
            for (Duration w : windows) {
                features.add(new ColumnSpec(agg.prefix() + "_" + label(w), agg.function().resultType(input)));
            }
        }
        return spec(name, a, features);
    }

    private static FeatureSetSpec spec(String name, WindowedAggregations aggregations, List<ColumnSpec> features) {
        List<SourceFieldSpec> fields = COLUMNS.stream()
                .map(c -> new SourceFieldSpec(c.name(), c.name(), c.type())).toList();
        KafkaSourceSpec source = new KafkaSourceSpec("transaction_stream", List.of("transactions"), SourceFormat.JSON,
                StartingOffsets.EARLIEST, Set.of(TimestampEncoding.ISO_8601), fields, "test.Transaction");
        return new FeatureSetSpec(name, List.of("user_id"), source, "timestamp",
                "SELECT user_id, amount, is_remote, category, timestamp FROM transaction_stream", COLUMNS,
                aggregations, features, Duration.ofSeconds(5), "*/30 * * * *", Duration.ZERO, MetadataSpec.NONE,
                "test.UserTransactions", List.of());
    }

    private static String label(Duration d) {
        long s = d.toSeconds();
        return s % 86400 == 0 ? s / 86400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m"
                : s + "s";
    }
}
