package dev.freshet.core.catalog;

import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spi.FeatureSetProvider;
import dev.freshet.core.error.FreshetException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSetCatalogTest {

    private static final String REBUILD = "; rebuild the module that declares it (mvn clean install)";

    @TempDir
    Path tempDir;

    // ---- of() and get() -----------------------------------------------------------------------------------------

    @Test
    void findsAFeatureSetByName() {
        FeatureSetSpec logins = logins();
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions(), logins));

        assertThat(catalog.get("logins")).isSameAs(logins);
    }

    @Test
    void listsFeatureSetsInTheOrderGiven() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions(), logins()));

        assertThat(catalog.names()).containsExactly("user-transactions", "logins");
        assertThat(catalog.all()).extracting(FeatureSetSpec::name).containsExactly("user-transactions", "logins");
    }

    @Test
    void saysWhetherItContainsAName() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions()));

        assertThat(catalog.contains("user-transactions")).isTrue();
        assertThat(catalog.contains("User-Transactions")).isFalse();
    }

    @Test
    void keepsItsContentsWhenTheGivenListChanges() {
        List<FeatureSetSpec> specs = new ArrayList<>(List.of(userTransactions()));
        FeatureSetCatalog catalog = FeatureSetCatalog.of(specs);

        specs.add(logins());

        assertThat(catalog.names()).containsExactly("user-transactions");
    }

    @Test
    void cannotBeChangedThroughItsViews() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions()));

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> catalog.names().clear());
        assertThat(catalog.names()).containsExactly("user-transactions");
    }

    @Test
    void rejectsTwoFeatureSetsOfTheSameNameNamingBothClasses() {
        FeatureSetSpec first = aFeatureSet().name("user-transactions").declaringClass("com.example.A").build();
        FeatureSetSpec second = aFeatureSet().name("user-transactions").declaringClass("com.example.B").build();

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> FeatureSetCatalog.of(List.of(first, logins(), second)))
                .withMessage("feature set \"user-transactions\": declared twice on the class path, by com.example.A"
                        + " and com.example.B; feature-set names must be unique: rename one")
                .satisfies(e -> assertThat(e.featureSet()).hasValue("user-transactions"));
    }

    @Test
    void suggestsTheClosestNameAndListsTheKnownOnesForAnUnknownName() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions(), logins()));

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> catalog.get("user-transaction"))
                .withMessage("no feature set is called \"user-transaction\"; did you mean \"user-transactions\"?;"
                        + " known feature sets: user-transactions, logins")
                .satisfies(e -> assertThat(e.featureSet()).isEmpty());
    }

    @Test
    void listsTheKnownNamesWithoutASuggestionWhenNoneIsClose() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of(userTransactions(), logins()));

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> catalog.get("payments"))
                .withMessage("no feature set is called \"payments\"; known feature sets: user-transactions, logins");
    }

    @Test
    void pointsAtTheAnnotationProcessorWhenTheCatalogIsEmpty() {
        FeatureSetCatalog catalog = FeatureSetCatalog.of(List.of());

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> catalog.get("user-transactions"))
                .withMessage("no feature set is called \"user-transactions\"; none is on the class path: is Freshet's"
                        + " annotation processor configured?");
    }

    // ---- discover() ---------------------------------------------------------------------------------------------

    @Test
    void discoversTheProvidersAnIndexLists() throws IOException {
        Path jar = index("jar", UserTransactionsProvider.class.getName(), LoginsProvider.class.getName());

        FeatureSetCatalog catalog = discover(jar);

        assertThat(catalog.names()).containsExactly("user-transactions", "logins");
        assertThat(catalog.get("logins").declaringClass()).isEqualTo("com.example.Logins");
    }

    @Test
    void readsEveryIndexOnTheClassPath() throws IOException {
        Path first = index("first", UserTransactionsProvider.class.getName());
        Path second = index("second", LoginsProvider.class.getName());

        assertThat(discover(first, second).names()).containsExactly("user-transactions", "logins");
    }

    @Test
    void loadsAProviderListedByTwoIndexesOnce() throws IOException {
        Path first = index("first", UserTransactionsProvider.class.getName());
        Path second = index("second", LoginsProvider.class.getName(), UserTransactionsProvider.class.getName());

        assertThat(discover(first, second).names()).containsExactly("user-transactions", "logins");
    }

    @Test
    void loadsAProviderListedTwiceByOneIndexOnce() throws IOException {
        Path jar = index("jar", UserTransactionsProvider.class.getName(), UserTransactionsProvider.class.getName());

        assertThat(discover(jar).names()).containsExactly("user-transactions");
    }

    @Test
    void ignoresCommentsBlankLinesAndSurroundingWhitespace() throws IOException {
        Path jar = index("jar",
                "# Generated by Freshet's annotation processor",
                "",
                "   ",
                "  " + UserTransactionsProvider.class.getName() + "\t",
                "#" + LoginsProvider.class.getName(),
                "   # indented comment");

        assertThat(discover(jar).names()).containsExactly("user-transactions");
    }

    @Test
    void givesAnEmptyCatalogWhenNoIndexIsOnTheClassPath() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], withoutRealIndexes())) {
            assertThat(FeatureSetCatalog.discover(loader).names()).isEmpty();
        }
    }

    @Test
    void reportsAClassNameThatCannotBeFound() throws IOException {
        Path jar = index("jar", UserTransactionsProvider.class.getName(), "com.example.Missing");

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> discover(jar))
                .withMessage("cannot load feature-set provider com.example.Missing listed in " + indexUrl(jar)
                        + ": java.lang.ClassNotFoundException: com.example.Missing" + REBUILD)
                .withCauseInstanceOf(ClassNotFoundException.class)
                .satisfies(e -> assertThat(e.featureSet()).isEmpty());
    }

    @Test
    void reportsAListedClassThatIsNotAProvider() throws IOException {
        String name = NotAProvider.class.getName();
        Path jar = index("jar", name);

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> discover(jar))
                .withMessageStartingWith("cannot load feature-set provider " + name + " listed in " + indexUrl(jar)
                        + ": java.lang.ClassCastException: class " + name + " cannot be cast to class "
                        + FeatureSetProvider.class.getName())
                .withMessageEndingWith(REBUILD)
                .withCauseInstanceOf(ClassCastException.class);
    }

    @Test
    void reportsAProviderWithoutANoArgumentConstructor() throws IOException {
        String name = ProviderWithoutNoArgumentConstructor.class.getName();
        Path jar = index("jar", name);

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> discover(jar))
                .withMessage("cannot load feature-set provider " + name + " listed in " + indexUrl(jar)
                        + ": java.lang.NoSuchMethodException: " + name + ".<init>()" + REBUILD)
                .withCauseInstanceOf(NoSuchMethodException.class);
    }

    @Test
    void reportsAProviderWhoseConstructorFails() throws IOException {
        String name = FailingProvider.class.getName();
        Path jar = index("jar", name);

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> discover(jar))
                .withMessage("cannot load feature-set provider " + name + " listed in " + indexUrl(jar)
                        + ": java.lang.reflect.InvocationTargetException" + REBUILD)
                .withCauseInstanceOf(InvocationTargetException.class)
                .satisfies(e -> assertThat(e.getCause().getCause()).hasMessage("generated code is broken"));
    }

    @Test
    void rejectsTwoProvidersOfTheSameFeatureSetName() throws IOException {
        Path first = index("first", UserTransactionsProvider.class.getName());
        Path second = index("second", OtherUserTransactionsProvider.class.getName());

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> discover(first, second))
                .withMessage("feature set \"user-transactions\": declared twice on the class path, by"
                        + " com.example.UserTransactions and com.example.other.UserTransactions; feature-set names"
                        + " must be unique: rename one");
    }

    // ---- providers an annotation processor would generate -------------------------------------------------------

    public static final class UserTransactionsProvider implements FeatureSetProvider {
        @Override
        public FeatureSetSpec featureSet() {
            return userTransactions();
        }
    }

    public static final class LoginsProvider implements FeatureSetProvider {
        @Override
        public FeatureSetSpec featureSet() {
            return logins();
        }
    }

    public static final class OtherUserTransactionsProvider implements FeatureSetProvider {
        @Override
        public FeatureSetSpec featureSet() {
            return aFeatureSet().name("user-transactions").declaringClass("com.example.other.UserTransactions")
                    .build();
        }
    }

    public static final class NotAProvider {}

    public static final class ProviderWithoutNoArgumentConstructor implements FeatureSetProvider {
        public ProviderWithoutNoArgumentConstructor(String name) {}

        @Override
        public FeatureSetSpec featureSet() {
            return userTransactions();
        }
    }

    public static final class FailingProvider implements FeatureSetProvider {
        public FailingProvider() {
            throw new IllegalStateException("generated code is broken");
        }

        @Override
        public FeatureSetSpec featureSet() {
            return userTransactions();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static FeatureSetSpec userTransactions() {
        return aFeatureSet().name("user-transactions").declaringClass("com.example.UserTransactions").build();
    }

    private static FeatureSetSpec logins() {
        return aFeatureSet().name("logins").declaringClass("com.example.Logins").build();
    }

    /** A class-path root, like a jar, holding an index with {@code lines}. */
    private Path index(String root, String... lines) throws IOException {
        Path dir = tempDir.resolve(root);
        Path index = dir.resolve(FeatureSetProvider.INDEX_RESOURCE);
        Files.createDirectories(index.getParent());
        Files.writeString(index, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    /** The catalog discovered through a class loader that sees the test's classes and only the given indexes. */
    private static FeatureSetCatalog discover(Path... roots) throws IOException {
        try (URLClassLoader loader = loader(roots)) {
            return FeatureSetCatalog.discover(loader);
        }
    }

    private static URLClassLoader loader(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, withoutRealIndexes());
    }

    /** The URL of the index in {@code root}, as the catalog names it in messages. */
    private static String indexUrl(Path root) throws IOException {
        try (URLClassLoader loader = loader(root)) {
            List<URL> indexes = Collections.list(loader.getResources(FeatureSetProvider.INDEX_RESOURCE));
            assertThat(indexes).hasSize(1);
            return indexes.get(0).toString();
        }
    }

    /**
     * The test's class loader, minus any index it might see: other modules' indexes on the test class path would
     * otherwise leak into these tests.
     */
    private static ClassLoader withoutRealIndexes() {
        return new ClassLoader(FeatureSetCatalogTest.class.getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.equals(FeatureSetProvider.INDEX_RESOURCE) ? null : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(FeatureSetProvider.INDEX_RESOURCE) ? Collections.emptyEnumeration()
                        : super.getResources(name);
            }
        };
    }
}
