package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.BackfillValidationTest.HISTORY;
import static dev.freshet.processor.BackfillValidationTest.backfill;
import static dev.freshet.processor.BackfillValidationTest.backfilled;
import static dev.freshet.processor.BackfillValidationTest.batchSource;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spi.FeatureSetProvider;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @BackfillTransform} methods: where one may be, its shape, that it replaces the backfill SQL, and the spec
 * generated for a backfill that has one (golden file in {@code src/test/resources/expected/}).
 */
class BackfillTransformTest {

    /** A backfill of two sources without SQL: the transform says how they make the rows. */
    private static final String TWO_SOURCES = backfill("start = \"2026-01-01T00:00:00Z\"",
            "end = \"2026-03-01T00:00:00Z\"",
            "sources = {@BackfillSource(name = \"transaction_history\"), @BackfillSource(name = \"refunds\")}");

    private static final String REFUNDS = batchSource("record Refund(String user_id, long cents, Instant timestamp) {}",
            List.of("name = \"refunds\"", "format = BatchFormat.JSON", "path = \"/data/refunds\"",
                    "timestampColumn = \"timestamp\""));

    private static final String TRANSFORM = """
                @BackfillTransform
                public static Dataset<Row> history(SparkSession spark) {
                    throw new IllegalStateException("history called with " + spark);
                }""";

    /** The feature set with {@code backfill} of the history and the refunds; its class declares {@code members}. */
    private static Declaration withTransform(String backfill, String members) {
        return backfilled(backfill).body(members).plus(batchSource(HISTORY) + "\n" + REFUNDS);
    }

    private static void assertOneError(Declaration d, String text, int line, long column) {
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(d.file()).onLine(line).atColumn(column);
    }

    @Test
    void theSpecsBackfillCallsTheTransformInsteadOfSql() throws ReflectiveOperationException {
        Compilation c = compile(withTransform(TWO_SOURCES, TRANSFORM).file());

        assertThat(c).succeededWithoutWarnings();
        GeneratedSourceTest.assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithBackfillTransform_FeatureSet.java");
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        BackfillSpec backfill = provider.featureSet().backfill().orElseThrow();
        assertThat(backfill.sql()).isEmpty();
        assertThat(backfill.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(backfill.end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(backfill.sources()).extracting(s -> s.source().name())
                .containsExactly("transaction_history", "refunds");
        assertThat(backfill.transform().orElseThrow().method())
                .isEqualTo("test.UserTransactions.history(SparkSession)");
        // The generated invoker calls the method itself: what it throws comes through.
        assertThatThrownBy(() -> backfill.transform().orElseThrow().invoker().apply(null))
                .isInstanceOf(IllegalStateException.class).hasMessage("history called with null");
    }

    @Test
    void aTransformOverOneSourceReplacesTheDefaultSql() throws ReflectiveOperationException {
        Compilation c = compile(backfilled(backfill()).body(TRANSFORM).plus(batchSource(HISTORY)).file());

        assertThat(c).succeededWithoutWarnings();
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        BackfillSpec backfill = provider.featureSet().backfill().orElseThrow();
        assertThat(backfill.sql()).isEmpty();
        assertThat(backfill.transform()).isPresent();
    }

    @Test
    void bothSqlAndATransformAreRefusedOnTheSql() {
        Declaration d = withTransform(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT * FROM transaction_history\""), TRANSFORM);
        int line = d.lineOf("    sql = \"SELECT * FROM transaction_history\"");
        assertOneError(d, "[FreshetBackfill] the backfill has both sql and the @BackfillTransform method"
                + " test.UserTransactions.history(SparkSession): the transform replaces the SQL; remove sql = \"...\","
                + " or remove the @BackfillTransform", line, d.columnOf(line, "\"SELECT"));
    }

    @Test
    void aSecondTransformIsRefusedOnItsAnnotation() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM + """

                @BackfillTransform
                public static Dataset<Row> again(SparkSession spark) {
                    return spark.table("refunds");
                }""");
        int line = d.lineOf("again(") - 1;
        assertOneError(d, "[FreshetBackfill] test.UserTransactions.again(SparkSession) is a second @BackfillTransform"
                + " of the feature set, whose first is test.UserTransactions.history(SparkSession): a backfill has"
                + " one; make its rows in one method", line, d.columnOf(line, "@BackfillTransform"));
    }

    @Test
    void aTransformInAFeatureSetWithoutBackfillIsRefused() {
        Declaration d = aFeatureSet().body(TRANSFORM);
        int line = d.lineOf("@BackfillTransform");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.UserTransactions.history(SparkSession) is"
                + " in feature set \"user-transactions\", which has no @Backfill, so nothing calls it: annotate"
                + " UserTransactions with @Backfill(start = ..., end = ..., sources = ...), or remove the"
                + " @BackfillTransform", line, d.columnOf(line, "@BackfillTransform"));
    }

    @Test
    void aTransformOutsideAFeatureSetIsRefused() {
        Declaration d = aFeatureSet().plus("""
                class Elsewhere {
                    @BackfillTransform
                    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> lost(
                            org.apache.spark.sql.SparkSession spark) {
                        return spark.table("transaction_history");
                    }
                }""");
        int line = d.lineOf("lost(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.Elsewhere.lost is not in a"
                + " @StreamingFeatureSet class, so no backfill uses it: declare it in the class of the feature set and"
                + " its @Backfill, or annotate Elsewhere with @StreamingFeatureSet", line, d.columnOf(line, "lost("));
    }

    @Test
    void aMethodThatIsNotStaticIsRefusedOnTheMethod() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM.replace("public static", "public"));
        int line = d.lineOf("history(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.UserTransactions.history(SparkSession) is"
                + " not static: the backfill calls it without an instance; make it public static", line,
                d.columnOf(line, "history("));
    }

    @Test
    void aPrivateMethodIsRefused() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM.replace("public static", "private static"));
        int line = d.lineOf("history(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.UserTransactions.history(SparkSession) is"
                + " not accessible to generated code: make it public, in a public or package-private top-level or"
                + " static nested class", line, d.columnOf(line, "history("));
    }

    @Test
    void aWrongReturnTypeIsRefused() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM.replace("Dataset<Row> history", "Object history"));
        int line = d.lineOf("history(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.UserTransactions.history(SparkSession)"
                + " returns java.lang.Object: return the backfill's rows as an org.apache.spark.sql.Dataset<Row>",
                line, d.columnOf(line, "history("));
    }

    @Test
    void parametersOtherThanOneSparkSessionAreRefused() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM.replace("(SparkSession spark)",
                "(SparkSession spark, String day)"));
        int line = d.lineOf("history(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method"
                + " test.UserTransactions.history(SparkSession, java.lang.String) takes"
                + " (org.apache.spark.sql.SparkSession, java.lang.String): it must take exactly one"
                + " org.apache.spark.sql.SparkSession, whose views under the batch sources' names it reads"
                + " (spark.table(\"<source>\"))", line, d.columnOf(line, "history("));
    }

    @Test
    void aCheckedExceptionIsRefused() {
        Declaration d = withTransform(TWO_SOURCES, TRANSFORM.replace("(SparkSession spark) {",
                "(SparkSession spark) throws java.io.IOException {"));
        int line = d.lineOf("history(");
        assertOneError(d, "[FreshetBackfill] @BackfillTransform method test.UserTransactions.history(SparkSession)"
                + " declares the checked exception java.io.IOException: the backfill cannot recover from it; catch it"
                + " in the method, or throw an unchecked exception (the backfill then fails and says why)", line,
                d.columnOf(line, "history("));
    }

    @Test
    void severalSourcesWithNeitherSqlNorATransformNameBothWays() {
        Declaration d = backfilled(TWO_SOURCES).plus(batchSource(HISTORY) + "\n" + REFUNDS);
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill reads 2 batch sources (transaction_history,"
                + " refunds) but has no sql: say how they make the stream source's rows, such as sql = \"SELECT * FROM"
                + " transaction_history UNION ALL SELECT * FROM refunds\", or mark a public static method Dataset<Row>"
                + " m(SparkSession spark) of UserTransactions with @BackfillTransform")
                .inFile(d.file()).onLine(d.lineOf("@Backfill(")).atColumn(1);
    }
}
