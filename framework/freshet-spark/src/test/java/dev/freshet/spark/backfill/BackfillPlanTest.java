package dev.freshet.spark.backfill;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BackfillTransformSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spi.BackfillTransformInvoker;
import dev.freshet.api.spi.DatasetTransformInvoker;
import dev.freshet.testsupport.FeatureSets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backfill's id: what decides a backfill's rows is in it, and nothing that differs from one run to the next. */
class BackfillPlanTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-02-01T00:00:00Z");
    private static final List<BackfillSpec.Source> SOURCES = List.of(new BackfillSpec.Source(new BatchSourceSpec(
            "history", BatchFormat.PARQUET, "/data/history", false, "timestamp", List.of(), Map.of(),
            "test.History"), START, END));

    private static FeatureSets.Builder aggregated() {
        return aFeatureSet().aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", "")),
                Duration.ofMinutes(5), Duration.ofHours(1));
    }

    private static String id(FeatureSetSpec spec) {
        return BackfillPlan.id(spec).orElseThrow();
    }

    private static BackfillSpec byTransform(String method, BackfillTransformInvoker invoker) {
        return new BackfillSpec(START, END, SOURCES, "", new BackfillTransformSpec(method, invoker));
    }

    @Test
    void aBackfillTransformIsInTheIdByItsMethodNotItsInvoker() {
        BackfillTransformInvoker one = spark -> spark;
        BackfillTransformInvoker another = spark -> spark;
        String id = id(aggregated().backfill(byTransform("test.UserSpend.history(SparkSession)", one)).build());

        assertThat(id(aggregated().backfill(byTransform("test.UserSpend.history(SparkSession)", another)).build()))
                .isEqualTo(id);
        assertThat(id(aggregated().backfill(byTransform("test.UserSpend.recent(SparkSession)", one)).build()))
                .isNotEqualTo(id);
        assertThat(id(aggregated().backfill(new BackfillSpec(START, END, SOURCES, "SELECT * FROM history")).build()))
                .isNotEqualTo(id);
    }

    @Test
    void aDatasetTransformIsInTheIdByItsMethodNotItsInvoker() {
        DatasetTransformInvoker one = source -> source;
        DatasetTransformInvoker another = source -> source;
        BackfillSpec backfill = new BackfillSpec(START, END, SOURCES, "SELECT * FROM history");

        assertThat(id(withDataset(new DatasetTransformSpec("test.UserSpend.enrich(Dataset<Row>)", "test.Out", one),
                backfill)))
                .isEqualTo(id(withDataset(new DatasetTransformSpec("test.UserSpend.enrich(Dataset<Row>)", "test.Out",
                        another), backfill)))
                .isNotEqualTo(id(withDataset(new DatasetTransformSpec("test.UserSpend.other(Dataset<Row>)",
                        "test.Out", one), backfill)));
    }

    private static FeatureSetSpec withDataset(DatasetTransformSpec transform, BackfillSpec backfill) {
        return aggregated().datasetTransform(transform, column("user_id", ValueType.STRING),
                column("amount", ValueType.DOUBLE), column("timestamp", ValueType.TIMESTAMP)).backfill(backfill)
                .build();
    }
}
