package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * {@code @DatasetTransform} methods: the checks on the method and its output record, and the spec generated for a
 * feature set that uses one (golden file in {@code src/test/resources/expected/}, see {@link GeneratedSourceTest}).
 */
class DatasetTransformTest {

    private static final String TRANSFORM = """
                public record Output(String user_id, String category, double travel_amount, Instant timestamp) {}

                @DatasetTransform(output = Output.class)
                public static Dataset<Row> enrich(Dataset<Row> source) {
                    return source;
                }""";

    /** A feature set without SQL whose class declares {@code members}. */
    private static Declaration withTransform(String members) {
        return aFeatureSet().without("sql").body(members);
    }

    private static void assertOneError(Declaration d, String text, int line, long column) {
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(d.file()).onLine(line).atColumn(column);
    }

    @Test
    void theOutputRecordIsTheFeatureSetsSchemaAndTheSpecCallsTheMethod() {
        Declaration d = withTransform(TRANSFORM)
                .with("aggregations", "@Aggregate(function = SUM, column = \"travel_amount\")")
                .with("windows", "\"10m\"");
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        GeneratedSourceTest.assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithDatasetTransform_FeatureSet.java");
    }

    @Test
    void bothSqlAndATransformAreRefusedOnTheSql() {
        Declaration d = aFeatureSet().body(TRANSFORM);
        assertOneError(d, "[FreshetDatasetTransform] the feature set has both sql and the @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>): the Dataset transform replaces the SQL; remove"
                + " sql = \"...\", or remove the @DatasetTransform", d.line("sql"), d.column("sql", "\"SELECT"));
    }

    @Test
    void neitherSqlNorATransformIsRefusedOnTheAnnotation() {
        Declaration d = aFeatureSet().without("sql");
        assertOneError(d, "[FreshetDatasetTransform] feature set \"user-transactions\" has no transform: write"
                + " sql = \"SELECT ... FROM transaction_stream\", or mark a public static method Dataset<Row>"
                + " m(Dataset<Row> source) of UserTransactions with @DatasetTransform(output = ...), or a public"
                + " static method taking the source's record test.Transaction with @RecordTransform",
                d.lineOf("@StreamingFeatureSet("), 1);
    }

    @Test
    void aMethodThatIsNotStaticIsRefusedOnTheMethod() {
        Declaration d = withTransform(TRANSFORM.replace("public static Dataset<Row>", "public Dataset<Row>"));
        int line = d.lineOf("enrich(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>)"
                + " is not static: the job calls it without an instance; make it public static", line,
                d.columnOf(line, "enrich("));
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        Declaration d = withTransform(TRANSFORM.replace("public static Dataset<Row>", "static Dataset<Row>"));
        int line = d.lineOf("enrich(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>)"
                + " is not accessible to generated code: make it public, in a public or package-private top-level or"
                + " static nested class", line, d.columnOf(line, "enrich("));
    }

    @Test
    void aWrongParameterListIsRefused() {
        Declaration d = withTransform(TRANSFORM.replace("enrich(Dataset<Row> source)",
                "enrich(Dataset<Row> source, int n)"));
        int line = d.lineOf("enrich(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>,"
                + " int) takes (org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>, int): it must take exactly one"
                + " org.apache.spark.sql.Dataset<Row>, the decoded source records", line, d.columnOf(line, "enrich("));
    }

    @Test
    void aWrongReturnTypeIsRefused() {
        Declaration d = withTransform(TRANSFORM.replace("public static Dataset<Row> enrich", "public static Object"
                + " enrich"));
        int line = d.lineOf("enrich(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>)"
                + " returns java.lang.Object: return the transformed org.apache.spark.sql.Dataset<Row>", line,
                d.columnOf(line, "enrich("));
    }

    @Test
    void aCheckedExceptionIsRefused() {
        Declaration d = withTransform(TRANSFORM.replace("(Dataset<Row> source) {",
                "(Dataset<Row> source) throws java.io.IOException {"));
        int line = d.lineOf("enrich(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>)"
                + " declares the checked exception java.io.IOException: the job cannot recover from it; catch it in"
                + " the method, or throw an unchecked exception (the job then fails to start and says why)", line,
                d.columnOf(line, "enrich("));
    }

    @Test
    void anOutputRecordWithoutTheKeyIsRefusedOnTheKey() {
        Declaration d = withTransform(TRANSFORM.replace("String user_id, ", "String user, "));
        assertOneError(d, "[FreshetDatasetTransform] key column \"user_id\" is not a component of the output record"
                + " test.UserTransactions.Output. Did you mean \"user\"? Add it to the record, or use one of its"
                + " components: user, category, travel_amount, timestamp", d.line("key"),
                d.column("key", "\"user_id\""));
    }

    @Test
    void aKeyOfAnotherTypeIsRefusedOnTheComponent() {
        Declaration d = withTransform(TRANSFORM.replace("String user_id", "double user_id"));
        int line = d.lineOf("record Output(");
        assertOneError(d, "[FreshetDatasetTransform] key column \"user_id\" is double in the output record"
                + " test.UserTransactions.Output, but keys must be String, int or long: declare it as one of those and"
                + " convert it in the method", line, d.columnOf(line, "user_id"));
    }

    @Test
    void anOutputRecordWithoutTheTimestampIsRefusedOnTheTimestamp() {
        Declaration d = withTransform(TRANSFORM.replace(", Instant timestamp", ", Instant at"));
        assertOneError(d, "[FreshetDatasetTransform] timestamp column \"timestamp\" is not a component of the output"
                + " record test.UserTransactions.Output. Add it to the record as java.time.Instant, or use one of its"
                + " components: user_id, category, travel_amount, at", d.line("timestamp"),
                d.column("timestamp", "\"timestamp\""));
    }

    @Test
    void aTimestampOfAnotherTypeIsRefusedOnTheComponent() {
        Declaration d = withTransform(TRANSFORM.replace("Instant timestamp", "long timestamp"));
        int line = d.lineOf("record Output(");
        assertOneError(d, "[FreshetDatasetTransform] timestamp column \"timestamp\" is long in the output record"
                + " test.UserTransactions.Output, not a timestamp: declare it as java.time.Instant and convert it in"
                + " the method, such as with functions.timestamp_millis(col(\"timestamp\"))", line,
                d.columnOf(line, "timestamp"));
    }

    @Test
    void aComponentTheStoreCannotHoldIsRefused() {
        Declaration d = withTransform(TRANSFORM.replace("String category", "List<String> category"));
        int line = d.lineOf("record Output(");
        assertOneError(d, "[FreshetDatasetTransform] component category of output record"
                + " test.UserTransactions.Output"
                + " is java.util.List<java.lang.String>, which the online store cannot hold", line,
                d.columnOf(line, "category"));
    }

    @Test
    void aSecondTransformIsRefused() {
        Declaration d = withTransform(TRANSFORM + """

                @DatasetTransform(output = Output.class)
                public static Dataset<Row> again(Dataset<Row> source) {
                    return source;
                }""");
        int line = d.lineOf("again(") - 1;
        assertOneError(d, "[FreshetDatasetTransform] test.UserTransactions.again(Dataset<Row>) is a second"
                + " @DatasetTransform of the feature set, whose first is test.UserTransactions.enrich(Dataset<Row>)",
                line, d.columnOf(line, "@DatasetTransform"));
    }

    @Test
    void aTransformOutsideAFeatureSetIsRefused() {
        Declaration d = aFeatureSet().plus("""
                class Elsewhere {
                    @DatasetTransform(output = Out.class)
                    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> lost(
                            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> source) {
                        return source;
                    }
                    record Out(String user_id, Instant timestamp) {}
                }""");
        int line = d.lineOf("lost(");
        assertOneError(d, "[FreshetDatasetTransform] @DatasetTransform method test.Elsewhere.lost is not in a"
                + " @StreamingFeatureSet class, so no feature set uses it: declare it in the feature set's class, or"
                + " annotate Elsewhere with @StreamingFeatureSet", line, d.columnOf(line, "lost("));
    }
}
