package dev.freshet.spark.submit;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.catalog.FeatureSetCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class FreshetJobMainTest {

    private static final FeatureSetCatalog CATALOG = FeatureSetCatalog.of(List.of(
            aFeatureSet().name("user-last-transaction").build(), aFeatureSet().name("user-logins").build()));
    /** Bad usage is reported before any session is asked for. */
    private static final Supplier<SparkSession> NO_SESSION = () -> {
        throw new AssertionError("a session was asked for");
    };

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return FreshetJobMain.run(List.of(args), Map.of(), () -> CATALOG, NO_SESSION,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsExitWithTwoAndTheUsage() {
        assertThat(run("--job", "online")).isEqualTo(2);
        assertThat(err()).startsWith("FreshetJobMain: no feature set: give --feature-set").contains(JobArguments.USAGE);
    }

    @Test
    void anUnknownFeatureSetExitsWithTwoAndSuggestsTheClosest() {
        assertThat(run("--job", "offline", "--feature-set", "user-last-transactoin")).isEqualTo(2);
        assertThat(err()).contains("no feature set is called \"user-last-transactoin\"")
                .contains("did you mean \"user-last-transaction\"");
    }

    @Test
    void aBackfillOfAFeatureSetWithoutOneExitsWithTwo() {
        assertThat(run("--job", "backfill", "--feature-set", "user-logins")).isEqualTo(2);
        assertThat(err()).contains("--job backfill --feature-set user-logins: the feature set declares no backfill");
    }

    @Test
    void allBackfillsWhenNoneIsDeclaredExitsWithTwo() {
        assertThat(run("--job", "backfill", "--all")).isEqualTo(2);
        assertThat(err()).contains("no feature set on the class path declares a backfill");
    }

    @Test
    void allOnAnEmptyClassPathSaysTheProcessorIsMissing() {
        int code = FreshetJobMain.run(List.of("--job", "online", "--all"), Map.of(),
                () -> FeatureSetCatalog.of(List.of()), NO_SESSION, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("is Freshet's annotation processor configured?");
    }

    @Test
    void theFeatureSetsAreThoseNamedInTheirOrder() {
        JobArguments args = JobArguments.parse(List.of("--job", "online", "--feature-set", "user-logins",
                "--feature-set", "user-last-transaction"));

        assertThat(FreshetJobMain.featureSets(args, CATALOG)).extracting(s -> s.name())
                .containsExactly("user-logins", "user-last-transaction");
    }
}
