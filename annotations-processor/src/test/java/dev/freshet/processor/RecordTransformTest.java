package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.freshet.api.spi.RecordTransformInvoker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @RecordTransform} methods: the checks on the method, its input record (the source's, or the SQL's output
 * columns) and its output record, and the invoker generated for it, run here on component arrays as the engine passes
 * them. The generated sources are compared with golden files in {@link GeneratedSourceTest}.
 */
class RecordTransformTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:15:30Z");

    /** A transform of the source's records, returning {@code Optional<R>}. */
    private static final String ON_SOURCE = """
            public record Scored(String user_id, double risk, boolean remote, Instant timestamp) {}

            @RecordTransform
            public static Optional<Scored> score(Transaction t) {
                return t.amount() <= 0 ? Optional.empty()
                        : Optional.of(new Scored(t.user_id(), t.amount() / 100, t.is_remote(), t.timestamp()));
            }""";

    /** A transform of the SQL's output, returning {@code List<R>}. */
    private static final String AFTER_SQL = """
            public record Spend(String user_id, Double amount, java.math.BigDecimal exact, boolean is_remote,
                    Instant timestamp) {}

            public record Part(String user_id, double part, Instant timestamp) {}

            @RecordTransform
            public static List<Part> split(Spend s) {
                return s.amount() > 1000 ? null : List.of(new Part(s.user_id(), s.amount() / 2, s.timestamp()),
                        new Part(s.user_id(), s.exact().doubleValue() / 2, s.timestamp()));
            }""";

    /** A transform of the source's records, for the negative tests to break one way each. */
    private static final String MINIMAL = """
            public record Scored(String user_id, double risk, Instant timestamp) {}

            @RecordTransform
            public static Optional<Scored> score(Transaction t) {
                return Optional.empty();
            }""";

    private static final String SQL = "\"SELECT user_id, amount, CAST(amount AS DECIMAL(10,2)) AS exact, is_remote,"
            + " timestamp FROM transaction_stream\"";

    /** A valid feature set without SQL whose record transform takes the source's records. */
    static Declaration onSource() {
        return aFeatureSet().without("sql").body(ON_SOURCE)
                .with("aggregations", "@Aggregate(function = MAX, column = \"risk\")")
                .with("windows", "\"1h\"");
    }

    /** A valid feature set whose record transform takes the SQL's output. */
    static Declaration afterSql() {
        return aFeatureSet().with("sql", SQL).body(AFTER_SQL)
                .with("aggregations", "@Aggregate(function = SUM, column = \"part\")")
                .with("windows", "\"1h\"");
    }

    private static Declaration withTransform(String members) {
        return aFeatureSet().without("sql").body(members);
    }

    private static Declaration afterSqlWith(String members) {
        return aFeatureSet().with("sql", SQL).body(members);
    }

    private static void assertOneError(Declaration d, String text, int line, long column) {
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(d.file()).onLine(line).atColumn(column);
    }

    private static List<Object[]> apply(Compilation c, Object... input) {
        RecordTransformInvoker invoker = new CompiledClasses(c).constant("test.UserTransactions_RecordTransform",
                "INSTANCE", RecordTransformInvoker.class);
        List<Object[]> output = new ArrayList<>();
        invoker.apply(input, output::add);
        return output;
    }

    @Test
    void theInvokerBuildsTheSourceRecordCallsTheMethodAndEmitsTheOptionalsComponents() {
        Compilation c = compile(onSource().file());
        assertThat(c).succeededWithoutWarnings();

        assertThat(apply(c, "u1", 250.0, true, AT)).containsExactly(new Object[] {"u1", 2.5, true, AT});
        assertThat(apply(c, "u1", 0.0, false, AT)).isEmpty();
    }

    @Test
    void theInvokerEmitsEveryRecordOfTheListAndANullForANullList() {
        Compilation c = compile(afterSql().file());
        assertThat(c).succeededWithoutWarnings();

        assertThat(apply(c, "u1", 10.0, new BigDecimal("8.00"), false, AT))
                .containsExactly(new Object[] {"u1", 5.0, AT}, new Object[] {"u1", 4.0, AT});
        assertThat(apply(c, "u1", 2000.0, new BigDecimal("2000.00"), false, AT)).containsExactly((Object[]) null);
    }

    @Test
    void theInvokerPassesOnANullRecordAsNull() {
        Compilation c = compile(withTransform("""
                public record Scored(String user_id, double risk, Instant timestamp) {}

                @RecordTransform
                public static Scored score(Transaction t) {
                    return t.amount() < 0 ? null : new Scored(t.user_id(), t.amount(), t.timestamp());
                }""").file());
        assertThat(c).succeededWithoutWarnings();

        assertThat(apply(c, "u1", 3.0, true, AT)).containsExactly(new Object[] {"u1", 3.0, AT});
        assertThat(apply(c, "u1", -3.0, true, AT)).containsExactly((Object[]) null);
    }

    @Test
    void theInvokerPropagatesWhatTheMethodThrows() {
        Compilation c = compile(withTransform(MINIMAL.replace("return Optional.empty();",
                "throw new IllegalStateException(\"no score for \" + t.user_id());")).file());
        assertThat(c).succeededWithoutWarnings();

        assertThatThrownBy(() -> apply(c, "u1", 3.0, true, AT))
                .isInstanceOf(IllegalStateException.class).hasMessage("no score for u1");
    }

    @Test
    void aSecondTransformIsRefusedOnItsAnnotation() {
        Declaration d = withTransform(MINIMAL + """

                @RecordTransform
                public static Optional<Scored> again(Transaction t) {
                    return Optional.empty();
                }""");
        int line = d.lineOf("again(") - 1;
        assertOneError(d, "[FreshetRecordTransform] test.UserTransactions.again(test.Transaction) is a second"
                + " @RecordTransform of the feature set, whose first is test.UserTransactions.score(test.Transaction):"
                + " a feature set has one; do both steps in one method", line, d.columnOf(line, "@RecordTransform"));
    }

    @Test
    void aRecordTransformBesideADatasetTransformIsRefusedOnItsAnnotation() {
        Declaration d = withTransform(MINIMAL + """

                @DatasetTransform(output = Scored.class)
                public static Dataset<Row> enrich(Dataset<Row> source) {
                    return source;
                }""");
        int line = d.lineOf("score(") - 1;
        assertOneError(d, "[FreshetRecordTransform] the feature set has both the @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) and the @DatasetTransform method"
                + " test.UserTransactions.enrich(Dataset<Row>): a feature set has one Java transform; do the"
                + " per-record step in the Dataset transform, or remove the @DatasetTransform (sql = \"...\" may run"
                + " before the record transform)", line, d.columnOf(line, "@RecordTransform"));
    }

    @Test
    void aTransformOutsideAFeatureSetIsRefused() {
        Declaration d = aFeatureSet().plus("""
                class Elsewhere {
                    @RecordTransform
                    public static Transaction lost(Transaction t) {
                        return t;
                    }
                }""");
        int line = d.lineOf("lost(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method test.Elsewhere.lost is not in a"
                + " @StreamingFeatureSet class, so no feature set uses it: declare it in the feature set's class, or"
                + " annotate Elsewhere with @StreamingFeatureSet", line, d.columnOf(line, "lost("));
    }

    @Test
    void aMethodThatIsNotStaticIsRefusedOnTheMethod() {
        Declaration d = withTransform(MINIMAL.replace("public static Optional", "public Optional"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) is not static: the job calls it without an instance;"
                + " make it public static", line, d.columnOf(line, "score("));
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        Declaration d = withTransform(MINIMAL.replace("public static Optional", "static Optional"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) is not accessible to generated code: make it public,"
                + " in a public or package-private top-level or static nested class", line, d.columnOf(line, "score("));
    }

    @Test
    void aGenericMethodIsRefused() {
        Declaration d = withTransform(MINIMAL.replace("public static Optional", "public static <T> Optional"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) has type parameters: declare concrete input and"
                + " output records, such as Optional<Scored> score(Transaction t)", line, d.columnOf(line, "score("));
    }

    @Test
    void aCheckedExceptionIsRefused() {
        Declaration d = withTransform(MINIMAL.replace("(Transaction t) {",
                "(Transaction t) throws java.io.IOException {"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) declares the checked exception java.io.IOException:"
                + " the job cannot handle it; catch it in the method, or throw an unchecked exception (the record is"
                + " then dead-lettered as TRANSFORM_ERROR)", line, d.columnOf(line, "score("));
    }

    @Test
    void aMethodTakingTwoParametersIsRefused() {
        Declaration d = withTransform(MINIMAL.replace("(Transaction t)", "(Transaction t, int n)"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction, int) takes (test.Transaction, int): it must take"
                + " exactly one record, the source's record (without sql) or a record whose components are the SQL's"
                + " output columns", line, d.columnOf(line, "score("));
    }

    @Test
    void aParameterThatIsNoRecordIsRefusedOnTheParameter() {
        Declaration d = withTransform(MINIMAL.replace("(Transaction t)", "(String t)"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] parameter t of @RecordTransform method"
                + " test.UserTransactions.score(java.lang.String) is java.lang.String, not a record: take the source's"
                + " record (without sql) or a record whose components are the SQL's output columns", line,
                d.columnOf(line, "t)"));
    }

    @Test
    void withoutSqlAnotherRecordThanTheSourcesIsRefusedOnTheParameter() {
        Declaration d = withTransform(MINIMAL.replace("(Transaction t)", "(Other t)")
                + "\n\npublic record Other(String user_id) {}");
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.UserTransactions.Other) takes test.UserTransactions.Other, but the"
                + " feature set has no sql, so the method gets the records of source \"transaction_stream\": take"
                + " test.Transaction, or add sql = \"SELECT ...\" whose output columns are the components of"
                + " test.UserTransactions.Other", line, d.columnOf(line, "t)"));
    }

    @Test
    void anSqlColumnMissingFromTheInputRecordIsNamedOnTheParameter() {
        Declaration d = afterSqlWith(AFTER_SQL.replace(" java.math.BigDecimal exact,", "")
                .replace("s.exact().doubleValue()", "s.amount()"));
        int line = d.lineOf("split(");
        assertOneError(d, "[FreshetRecordTransform] the SQL's output column \"exact\" (decimal(10,2)) is not a"
                + " component of the input record test.UserTransactions.Spend. Add a component exact of type"
                + " java.math.BigDecimal, or stop selecting the column", line, d.columnOf(line, "s)"));
    }

    @Test
    void aComponentTheSqlDoesNotOutputIsNamedOnTheComponent() {
        Declaration d = afterSqlWith(AFTER_SQL.replace("boolean is_remote,", "boolean is_remote, String merchant,"));
        int line = d.lineOf("record Spend(");
        assertOneError(d, "[FreshetRecordTransform] component merchant of the input record"
                + " test.UserTransactions.Spend is not an output column of the SQL. Select it in the SQL, or remove it"
                + " from the record. The SQL's output columns: user_id, amount, exact, is_remote, timestamp", line,
                d.columnOf(line, "merchant"));
    }

    @Test
    void aRenamedComponentIsNamedBothWaysWithWhatItWasMeantToBe() {
        Declaration d = afterSqlWith(AFTER_SQL.replace("boolean is_remote,", "boolean remote,"));
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(2);
        int parameter = d.lineOf("split(");
        assertThat(c).hadErrorContaining("[FreshetRecordTransform] the SQL's output column \"is_remote\" (boolean) is"
                + " not a component of the input record test.UserTransactions.Spend. Did you mean \"remote\"? Add a"
                + " component is_remote of type boolean (or Boolean), or stop selecting the column")
                .inFile(d.file()).onLine(parameter).atColumn(d.columnOf(parameter, "s)"));
        int record = d.lineOf("record Spend(");
        assertThat(c).hadErrorContaining("[FreshetRecordTransform] component remote of the input record"
                + " test.UserTransactions.Spend is not an output column of the SQL. Did you mean \"is_remote\"? Select"
                + " it in the SQL, or remove it from the record.")
                .inFile(d.file()).onLine(record).atColumn(d.columnOf(record, "remote"));
    }

    @Test
    void aComponentOfAnotherTypeThanItsColumnIsRefusedOnTheComponent() {
        Declaration d = afterSqlWith(AFTER_SQL.replace("Double amount", "int amount"));
        int line = d.lineOf("record Spend(");
        assertOneError(d, "[FreshetRecordTransform] component amount of the input record test.UserTransactions.Spend"
                + " is int, but the SQL's output column \"amount\" is double: declare the component as double (or"
                + " Double), or CAST the column in the SQL", line, d.columnOf(line, "amount"));
    }

    @Test
    void aReturnTypeWithoutARecordIsRefusedOnTheMethod() {
        Declaration d = withTransform(MINIMAL.replace("public static Optional<Scored>",
                "public static Optional<String>"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] @RecordTransform method"
                + " test.UserTransactions.score(test.Transaction) returns java.util.Optional<java.lang.String>: return"
                + " the output record R (one per input record), Optional<R> (none or one) or List<R> (any number),"
                + " where R is a record whose components are the feature set's output columns", line,
                d.columnOf(line, "score("));
    }

    @Test
    void anInputRecordGeneratedCodeCannotBuildIsRefusedOnTheParameter() {
        Declaration d = afterSqlWith(AFTER_SQL.replace("public record Spend", "private record Spend"));
        int line = d.lineOf("split(");
        assertOneError(d, "[FreshetRecordTransform] the input record test.UserTransactions.Spend of @RecordTransform"
                + " method test.UserTransactions.split(test.UserTransactions.Spend) is not accessible to the code"
                + " Freshet generates in package test: make it public (or package-private in that package), and nest"
                + " it in no private class", line, d.columnOf(line, "s)"));
    }

    @Test
    void anOutputRecordGeneratedCodeCannotReadIsRefusedOnTheMethod() {
        Declaration d = withTransform(MINIMAL.replace("public record Scored", "private record Scored"));
        int line = d.lineOf("score(");
        assertOneError(d, "[FreshetRecordTransform] the output record test.UserTransactions.Scored of"
                + " @RecordTransform method test.UserTransactions.score(test.Transaction) is not accessible to the"
                + " code Freshet generates in package test", line, d.columnOf(line, "score("));
    }

    @Test
    void anOutputComponentTheStoreCannotHoldIsRefusedOnTheComponent() {
        Declaration d = withTransform(MINIMAL.replace("double risk", "List<String> risk"));
        int line = d.lineOf("record Scored(");
        assertOneError(d, "[FreshetRecordTransform] component risk of output record test.UserTransactions.Scored is"
                + " java.util.List<java.lang.String>, which the online store cannot hold: declare it as String,"
                + " boolean, int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate", line,
                d.columnOf(line, "risk"));
    }

    @Test
    void anOutputComponentNamedLikeFreshetsColumnsIsRefused() {
        Declaration d = withTransform(MINIMAL.replace("double risk", "double __risk"));
        int line = d.lineOf("record Scored(");
        assertOneError(d, "[FreshetRecordTransform] component __risk of output record test.UserTransactions.Scored"
                + " starts with \"__\", which Freshet reserves for its own columns: rename it", line,
                d.columnOf(line, "__risk"));
    }

    @Test
    void anOutputRecordWithoutTheKeyIsRefusedOnTheKey() {
        Declaration d = withTransform(MINIMAL.replace("String user_id", "String user"));
        assertOneError(d, "[FreshetRecordTransform] key column \"user_id\" is not a component of the output record"
                + " test.UserTransactions.Scored. Did you mean \"user\"? Add it to the record, or use one of its"
                + " components: user, risk, timestamp", d.line("key"), d.column("key", "\"user_id\""));
    }

    @Test
    void aKeyOfAnotherTypeIsRefusedOnTheComponent() {
        Declaration d = withTransform(MINIMAL.replace("String user_id", "double user_id"));
        int line = d.lineOf("record Scored(");
        assertOneError(d, "[FreshetRecordTransform] key column \"user_id\" is double in the output record"
                + " test.UserTransactions.Scored, but keys must be String, int or long: declare it as one of those and"
                + " convert it in the method", line, d.columnOf(line, "user_id"));
    }

    @Test
    void anOutputRecordWithoutTheTimestampIsRefusedOnTheTimestamp() {
        Declaration d = withTransform(MINIMAL.replace("Instant timestamp", "Instant at"));
        assertOneError(d, "[FreshetRecordTransform] timestamp column \"timestamp\" is not a component of the output"
                + " record test.UserTransactions.Scored. Add it to the record as java.time.Instant, or use one of its"
                + " components: user_id, risk, at", d.line("timestamp"), d.column("timestamp", "\"timestamp\""));
    }

    @Test
    void aTimestampOfAnotherTypeIsRefusedOnTheComponent() {
        Declaration d = withTransform(MINIMAL.replace("Instant timestamp", "long timestamp"));
        int line = d.lineOf("record Scored(");
        assertOneError(d, "[FreshetRecordTransform] timestamp column \"timestamp\" is long in the output record"
                + " test.UserTransactions.Scored, not a timestamp: declare it as java.time.Instant and convert it in"
                + " the method, such as with Instant.ofEpochMilli(timestamp)", line, d.columnOf(line, "timestamp"));
    }

    @Test
    void aggregationsAreCheckedAgainstTheOutputRecord() {
        Declaration d = afterSql().with("aggregations", "@Aggregate(function = SUM, column = \"amount\")");
        assertOneError(d, "[FreshetAggregate] aggregation column \"amount\" is not in the output of the SQL."
                + " Aggregate one of its output columns: user_id, part, timestamp", d.line("aggregations"),
                d.column("aggregations", "\"amount\""));
    }

    @Test
    void anInvokerThatCannotBeWrittenIsAnErrorOnTheTransform() {
        Declaration d = withTransform(MINIMAL).plus("class UserTransactions_RecordTransform {}");
        int line = d.lineOf("score(") - 1;
        assertOneError(d, "[FreshetRecordTransform] the record-transform invoker test.UserTransactions_RecordTransform"
                + " of feature set \"user-transactions\" cannot be written: ", line,
                d.columnOf(line, "@RecordTransform"));
    }
}
