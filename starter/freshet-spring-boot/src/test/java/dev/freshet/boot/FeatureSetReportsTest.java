package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog entry the endpoint and the page show: the catalog's, with secret-looking option values masked. */
class FeatureSetReportsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void isTheCatalogsEntryWithTheValuesOfSecretLookingBatchSourceOptionsMasked() {
        BatchSourceSpec history = new BatchSourceSpec("history", BatchFormat.PARQUET, "s3a://bucket/history", false,
                "timestamp", List.of(), Map.of("mergeSchema", "true", "fs.s3a.secret.key", "abc123",
                        "spark.hadoop.fs.s3a.access.token", "t0k3n", "jdbcPassword", "pw", "sasl.jaas.config", "x"),
                "test.History");
        FeatureSetSpec spec = aFeatureSet().name("with-backfill")
                .aggregate(List.of(new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(5),
                        Duration.ofHours(1))
                .backfill(new BackfillSpec(START, END, List.of(new BackfillSpec.Source(history, START, END)),
                        "SELECT * FROM history"))
                .build();

        Map<String, Object> entry = FeatureSetReports.catalogEntry(spec);

        Map<?, ?> options = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) entry.get("backfill"))
                .get("sources")).get(0)).get("source")).get("options");
        assertThat(options).isEqualTo(Map.of("mergeSchema", "true", "fs.s3a.secret.key", "******",
                "spark.hadoop.fs.s3a.access.token", "******", "jdbcPassword", "******", "sasl.jaas.config", "******"));
        assertThat(entry.toString()).doesNotContain("abc123", "t0k3n", "=pw");
        Map<String, Object> unmasked = CatalogDocument.tree(CatalogEntry.of(spec));
        ((Map<?, ?>) ((List<?>) ((Map<?, ?>) unmasked.get("backfill")).get("sources")).get(0)).remove("source");
        ((Map<?, ?>) ((List<?>) ((Map<?, ?>) entry.get("backfill")).get("sources")).get(0)).remove("source");
        assertThat(entry).as("the rest as the catalog writes it").isEqualTo(unmasked);
    }

    @Test
    void isTheCatalogsEntryAsItIsWithoutABackfill() {
        FeatureSetSpec spec = aFeatureSet().name("rows").build();

        assertThat(FeatureSetReports.catalogEntry(spec)).isEqualTo(CatalogDocument.tree(CatalogEntry.of(spec)));
    }
}
