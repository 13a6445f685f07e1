package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The constants of a generated {@code <Class>_FeatureSet}: code that reads features through them compiles, a misspelt
 * feature or a wrong type does not, and every feature gets a constant of its own.
 */
class TypedHandlesTest {

    /** The line of the first statement of {@link #client}'s body. */
    private static final int BODY = 11;

    /** A class using the generated constants; {@code body} is the statements of a method with a client in scope. */
    private static JavaFileObject client(String... body) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "",
                "import static test.UserTransactions_FeatureSet.*;",
                "",
                "import dev.freshet.api.online.*;",
                "import java.util.List;",
                "import java.util.Optional;",
                "",
                "class Client {",
                "    Object read(OnlineFeatureClient client) {"));
        for (String line : body) {
            lines.add("        " + line);
        }
        lines.add("    }");
        lines.add("}");
        return JavaFileObjects.forSourceLines("test.Client", lines);
    }

    @Test
    void codeReadingFeaturesThroughTheConstantsCompilesAndIsTyped() {
        JavaFileObject client = client(
                "Optional<FeatureVector> v = client.get(UserTransactions_FeatureSet.FEATURE_SET,",
                "        EntityKey.of(\"u1\"));",
                "Double amount = v.orElseThrow().value(UserTransactions_FeatureSet.AMOUNT);",
                "Boolean remote = v.orElseThrow().value(IS_REMOTE);",
                "FeatureValue raw = v.orElseThrow().feature(AMOUNT);",
                "return client.getAll(FEATURE_SET, List.of(EntityKey.of(\"u1\")));");

        assertThat(compile(aFeatureSet().file(), client)).succeededWithoutWarnings();
    }

    @Test
    void aggregatedFeaturesGetOneConstantPerAggregationAndWindow() {
        Declaration d = aFeatureSet()
                .with("aggregations", "{@Aggregate(function = AVG, column = \"amount\"),"
                        + " @Aggregate(function = COUNT, column = \"amount\", alias = \"transactions\")}")
                .with("windows", "{\"1h\", \"7d\"}");
        JavaFileObject client = client(
                "FeatureVector v = client.get(FEATURE_SET, EntityKey.of(\"u1\")).orElseThrow();",
                "Double avg = v.value(AVG_AMOUNT_1H);",
                "Long count = v.value(TRANSACTIONS_7D);",
                "return avg + count;");

        assertThat(compile(d.file(), client)).succeededWithoutWarnings();
    }

    @Test
    void aMisspeltFeatureIsACompileError() {
        JavaFileObject client = client(
                "FeatureVector v = client.get(FEATURE_SET, EntityKey.of(\"u1\")).orElseThrow();",
                "return v.value(UserTransactions_FeatureSet.AMOUT);");

        Compilation c = compile(aFeatureSet().file(), client);

        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("cannot find symbol")
                .inFile(client).onLine(BODY + 1)
                .atColumn("        return v.value(UserTransactions_FeatureSet".length() + 1);
    }

    @Test
    void readingAFeatureAsAnotherTypeIsACompileError() {
        JavaFileObject client = client(
                "FeatureVector v = client.get(FEATURE_SET, EntityKey.of(\"u1\")).orElseThrow();",
                "String amount = v.value(AMOUNT);",
                "return amount;");

        Compilation c = compile(aFeatureSet().file(), client);

        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("incompatible types").inFile(client).onLine(BODY + 1);
    }

    @Test
    void featuresThatWouldShareAConstantAreAnErrorOnTheSql() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT user_id, amount AS lastAmount, amount * 2 AS last_amount,"
                + " timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetFeature] features \"lastAmount\" and \"last_amount\" would both be"
                + " the constant UserTransactions_FeatureSet.LAST_AMOUNT: give one another name with AS in the SQL, so"
                + " that each feature has a constant of its own")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void featuresDifferingOnlyInCaseAreAnError() {
        Declaration d = aFeatureSet().with("sql",
                "\"SELECT user_id, amount AS Amount, amount * 2 AS amount, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetFeature] features \"Amount\" and \"amount\" would both be the"
                + " constant UserTransactions_FeatureSet.AMOUNT")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void aggregatesThatWouldShareAConstantAreAnErrorOnTheSecondAggregation() {
        Declaration d = aFeatureSet()
                .with("sql", "\"SELECT user_id, amount AS `a-b`, amount * 2 AS a_b, timestamp FROM"
                        + " transaction_stream\"")
                .with("aggregations", "{@Aggregate(function = SUM, column = \"a-b\"),"
                        + " @Aggregate(function = SUM, column = \"a_b\")}")
                .with("windows", "{\"1h\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetFeature] features \"sum_a-b_1h\" and \"sum_a_b_1h\" would both be"
                + " the constant UserTransactions_FeatureSet.SUM_A_B_1H: give aggregation 2 an alias, so that each"
                + " feature has a constant of its own")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(d.column("aggregations", "\"a_b\""));
        assertThat(compile(d.with("aggregations", "{@Aggregate(function = SUM, column = \"a-b\"),"
                + " @Aggregate(function = SUM, column = \"a_b\", alias = \"doubled\")}").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void featuresNamedLikeTheClassesOwnConstantsOrNotLikeJavaNamesStillGetOne() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT user_id, amount AS feature_set, amount AS spec,"
                + " amount AS index_resource, amount AS `7d_count`, amount AS `a*/b`, amount AS `\\\\u002a/`, timestamp"
                + " FROM transaction_stream\"");
        JavaFileObject client = client(
                "FeatureVector v = client.get(FEATURE_SET, EntityKey.of(\"u1\")).orElseThrow();",
                "return List.of(v.value(FEATURE_SET_), v.value(SPEC_), v.value(INDEX_RESOURCE_), v.value(_7D_COUNT),",
                "        v.value(A__B), v.value(_U002A_));");

        assertThat(compile(d.file(), client)).succeededWithoutWarnings();
    }
}
