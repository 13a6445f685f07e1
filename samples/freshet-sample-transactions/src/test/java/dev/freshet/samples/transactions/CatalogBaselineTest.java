package dev.freshet.samples.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.catalog.CatalogCompatibility;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The sample's feature sets, as this build's annotation processor describes them, may replace those of the committed
 * baseline (the catalog of the last release) on the same checkpoints and stores: the check users run in CI
 * ({@code docs/testing-compatibility.md}). After a release, copy {@code target/classes/META-INF/freshet/catalog.json}
 * over the baseline.
 */
class CatalogBaselineTest {

    private static final Path BASELINE = Path.of("src/test/resources/catalog-baseline.json");

    @Test
    void theBuildIsCompatibleWithTheLastRelease() {
        CatalogCompatibility result = CatalogCompatibility.assertCompatible(BASELINE,
                CatalogCompatibility.BUILD_CATALOG);

        assertThat(result.incompatible()).isEmpty();
    }

    @Test
    void theClassPathCatalogIsTheBuildCatalog() {
        CatalogCompatibility result = CatalogCompatibility.assertCompatible(BASELINE,
                CatalogBaselineTest.class.getClassLoader());

        assertThat(result.findings()).isEqualTo(CatalogCompatibility.assertCompatible(BASELINE,
                CatalogCompatibility.BUILD_CATALOG).findings());
    }
}
