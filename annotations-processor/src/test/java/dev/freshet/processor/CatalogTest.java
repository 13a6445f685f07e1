package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spi.FeatureSetProvider;
import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import dev.freshet.core.catalog.TransformKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The catalog {@code META-INF/freshet/catalog.json} the processor writes for a compilation of three feature sets (an
 * aggregated one with metadata, tags, a sink and a backfill; a row-level one with metadata; one without any): compared
 * with the golden file {@code src/test/resources/expected/catalog.json}, and read back by freshet-core's reader into
 * the facts of the generated specs. Regenerate the golden file with {@code -Dfreshet.regenerateGoldens=true} and
 * review the diff.
 */
class CatalogTest {

    private static final boolean REGENERATE = Boolean.getBoolean("freshet.regenerateGoldens");

    /** Three feature sets over the transactions source, declared out of name order. */
    static Declaration threeFeatureSets() {
        return Declaration.aFeatureSet()
                .with("aggregations", "@Aggregate(function = SUM, column = \"amount\")")
                .with("windows", "{\"1h\", \"1d\"}")
                .with("tileSize", "\"1h\"")
                .annotate(BackfillValidationTest.backfill() + "\n"
                        + "@FeatureSetMetadata(owner = \"risk-team@example.com\", description = \"Spend per user\",\n"
                        + "    displayName = \"User spending\", tags = {\"fraud\", \"payments\"})\n"
                        + SinkValidationTest.sink("spend-updates", "user-spend-updates") + "\n"
                        + "@ClusterTemplates(online = ClusterTemplate.SMALL, backfill = ClusterTemplate.LARGE)")
                .with("name", "\"user-spending\"")
                .with("onlineTtl", "\"7d\"")
                .plus(BackfillValidationTest.batchSource(BackfillValidationTest.HISTORY) + "\n" + """
                        @FeatureSetMetadata(owner = "risk-team@example.com", displayName = "Last transaction")
                        @StreamingFeatureSet(name = "last-transaction", key = "user_id", source = "transaction_stream",
                                timestamp = "timestamp", sql = "SELECT user_id, amount, timestamp FROM transaction_stream",
                                onlineTrigger = "10s", offlineSchedule = "0 * * * *")
                        class LastTransaction {}
                        @StreamingFeatureSet(name = "alpha-remote", key = "user_id", source = "transaction_stream",
                                timestamp = "timestamp",
                                sql = "SELECT user_id, is_remote, timestamp FROM transaction_stream")
                        class AlphaRemote {}""");
    }

    @Test
    void theCatalogOfACompilationMatchesItsGoldenFile() throws IOException {
        Compilation c = compile(threeFeatureSets().file());

        assertThat(c).succeededWithoutWarnings();
        String actual = catalog(c);
        Path path = Path.of("src/test/resources/expected/catalog.json");
        if (REGENERATE) {
            Files.writeString(path, actual, StandardCharsets.UTF_8);
        }
        assertThat(path).as("golden file %s (regenerate with -Dfreshet.regenerateGoldens=true)", path).exists();
        assertThat(actual).isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
    }

    @Test
    void theCatalogReadBackHoldsTheFactsOfTheGeneratedSpecs() throws ReflectiveOperationException {
        Compilation c = compile(threeFeatureSets().file());
        assertThat(c).succeededWithoutWarnings();

        CatalogDocument catalog = CatalogDocument.read(
                new ByteArrayInputStream(catalog(c).getBytes(StandardCharsets.UTF_8)));

        assertThat(catalog.catalogVersion()).isEqualTo(1);
        assertThat(catalog.featureSets()).extracting(CatalogEntry::name)
                .containsExactly("alpha-remote", "last-transaction", "user-spending");
        CompiledClasses classes = new CompiledClasses(c);
        for (String[] provided : new String[][] {{"user-spending", "test.UserTransactions_FeatureSet"},
                {"last-transaction", "test.LastTransaction_FeatureSet"}, {"alpha-remote", "test.AlphaRemote_FeatureSet"}}) {
            FeatureSetSpec spec = ((FeatureSetProvider) classes.loadClass(provided[1]).getConstructor().newInstance())
                    .featureSet();
            assertThat(catalog.featureSet(provided[0])).contains(CatalogEntry.of(spec));
        }
        CatalogEntry spending = catalog.featureSet("user-spending").orElseThrow();
        assertThat(spending.metadata()).isEqualTo(new MetadataSpec("risk-team@example.com", "Spend per user",
                "User spending", List.of("fraud", "payments")));
        assertThat(spending.key()).containsExactly(new ColumnSpec("user_id", ValueType.STRING));
        assertThat(spending.source().topics()).containsExactly("transactions");
        assertThat(spending.transform().kind()).isEqualTo(TransformKind.SQL);
        assertThat(spending.aggregations().windows()).containsExactly(Duration.ofHours(1), Duration.ofDays(1));
        assertThat(spending.tilePlan().orElseThrow().tileSizes()).first().isEqualTo(Duration.ofHours(1));
        assertThat(spending.onlineTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(spending.sinks()).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("user-spend-updates");
            assertThat(s.attachment()).isEqualTo(AttachmentPoint.ONLINE);
        });
        CatalogEntry.Backfill backfill = spending.backfill().orElseThrow();
        assertThat(backfill.end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(backfill.sources()).extracting(s -> s.source().name()).containsExactly("transaction_history");
        assertThat(catalog.featureSet("alpha-remote").orElseThrow().metadata()).isEqualTo(MetadataSpec.NONE);
        assertThat(catalog.featureSet("alpha-remote").orElseThrow().tilePlan()).isEmpty();
    }

    @Test
    void aCompilationWithoutFeatureSetsWritesNoCatalog() {
        Compilation c = compile(JavaFileObjects.forSourceLines("test.Transaction", "package test;",
                "import dev.freshet.api.*;", "import java.time.Instant;",
                "@KafkaSource(name = \"transaction_stream\", topics = \"transactions\")",
                "record Transaction(String user_id, Instant timestamp) {}"));

        assertThat(c).succeededWithoutWarnings();
        assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, CatalogDocument.RESOURCE)).isEmpty();
    }

    static String catalog(Compilation c) {
        JavaFileObject file = c.generatedFile(StandardLocation.CLASS_OUTPUT, CatalogDocument.RESOURCE)
                .orElseThrow(() -> new AssertionError("no catalog generated: " + c.generatedFiles()));
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
