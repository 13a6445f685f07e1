package dev.freshet.samples.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The sample's packaged jar carries the catalog the processor wrote: every feature set of the sample, with the tags
 * of {@link UserTransactionAggregates}. Boot's repackaging puts the application's classes, and so the catalog, under
 * {@code BOOT-INF/classes/}.
 */
class SampleJarCatalogIT {

    @Test
    void thePackagedJarHoldsTheCatalogOfEveryFeatureSet() throws IOException {
        Path jar = Path.of(System.getProperty("freshet.sample.jar", "target/freshet-sample-transactions.jar"));
        assertThat(jar).as("the sample's jar (built by mvn package)").exists();

        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry("BOOT-INF/classes/" + CatalogDocument.RESOURCE);
            if (entry == null) {
                entry = file.getEntry(CatalogDocument.RESOURCE);
            }
            assertThat(entry).as("%s in %s", CatalogDocument.RESOURCE, jar).isNotNull();
            CatalogDocument catalog;
            try (InputStream in = file.getInputStream(entry)) {
                catalog = CatalogDocument.read(in, jar + "!/" + entry.getName());
            }

            assertThat(catalog.featureSets()).extracting(CatalogEntry::name).containsExactly("login-attempts",
                    "user-last-transaction", "user-risk", "user-risk-alert", "user-transaction-aggregates");
            CatalogEntry aggregates = catalog.featureSet("user-transaction-aggregates").orElseThrow();
            assertThat(aggregates.metadata().tags()).isEqualTo(List.of("payments", "fraud"));
            assertThat(aggregates.metadata().owner()).isEqualTo("risk-team");
            assertThat(aggregates.backfill()).isPresent();
            assertThat(catalog.featureSet("user-risk").orElseThrow().sinks()).isNotEmpty();
        }
    }
}
