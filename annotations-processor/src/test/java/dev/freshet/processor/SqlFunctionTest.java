package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code @SqlFunction} methods: the checks on each method, the SQL that calls them (analysed with their real types),
 * and the code generated for them (golden files in {@code src/test/resources/expected/}, see
 * {@link GeneratedSourceTest}).
 */
class SqlFunctionTest {

    private static final String PAGES = """
            class Pages {
                @SqlFunction("normalize_user")
                public static String normalizeUser(String user) {
                    return user == null ? null : user.strip();
                }

                @SqlFunction("risk_score")
                public static java.math.BigDecimal riskScore(double amount, boolean remote, Instant at) {
                    return java.math.BigDecimal.valueOf(amount);
                }

                @SqlFunction("unused")
                public static long unused(long x) {
                    return x;
                }
            }""";

    @Test
    void functionsAreTypedAsDeclaredAndTheFeatureSetListsThoseItCalls() {
        Declaration d = aFeatureSet()
                .with("sql", "\"SELECT normalize_user(user_id) AS user_id, risk_score(amount, is_remote, timestamp)"
                        + " AS risk, timestamp FROM transaction_stream\"")
                .plus(PAGES);
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        GeneratedSourceTest.assertMatchesGolden(c, "test.Pages_SqlFunctions", "Pages_SqlFunctions.java");
        GeneratedSourceTest.assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithFunctions_FeatureSet.java");
    }

    @Test
    void anIntColumnIsCastToALongParameter() throws IOException {
        Declaration d = aFeatureSet()
                .components("String user_id", "int items", "Instant timestamp")
                .with("sql", "\"SELECT user_id, unused(items) AS n, timestamp FROM transaction_stream\"")
                .plus(PAGES);
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertThat(c.generatedSourceFile("test.UserTransactions_FeatureSet").orElseThrow().getCharContent(true)
                .toString()).contains("new ColumnSpec(\"n\", ValueType.LONG)");
    }

    /** A feature set whose SQL calls nothing, plus class {@code Fns} declaring {@code methods}. */
    private static Declaration withFunctions(String methods) {
        return aFeatureSet().plus("class Fns {\n" + methods + "\n}");
    }

    private static void assertOneError(Declaration d, String text, int line, long column) {
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(d.file()).onLine(line).atColumn(column);
    }

    @Test
    void aParameterWithoutASqlTypeIsNamed() {
        Declaration d = withFunctions("""
                    @SqlFunction("first_page")
                    public static String firstPage(String user, List<String> pages) { return null; }""");
        int line = d.lineOf("firstPage(");
        assertOneError(d, "[FreshetFunction] parameter pages of @SqlFunction method Fns.firstPage(java.lang.String,"
                + " java.util.List<java.lang.String>) has type java.util.List<java.lang.String>, which has no Spark"
                + " SQL type in Freshet: use boolean, byte, short, int, long, float, double (or their boxes), String,"
                + " java.math.BigDecimal, java.time.Instant, java.time.LocalDate or byte[]",
                line, d.columnOf(line, "pages)"));
    }

    @Test
    void aResultWithoutASqlTypeIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("log_page")
                    public static void logPage(String page) {}""");
        int line = d.lineOf("logPage(");
        assertOneError(d, "[FreshetFunction] @SqlFunction method Fns.logPage(java.lang.String) returns void, which has"
                + " no Spark SQL type in Freshet: return boolean, byte, short, int, long, float, double (or their"
                + " boxes), String, java.math.BigDecimal, java.time.Instant, java.time.LocalDate or byte[]",
                line, d.columnOf(line, "logPage("));
    }

    @Test
    void aNameOfASparkBuiltInIsRefusedOnTheName() {
        Declaration d = withFunctions("""
                    @SqlFunction("upper")
                    public static String upper(String s) { return s; }""");
        int line = d.lineOf("\"upper\"");
        assertOneError(d, "[FreshetFunction] SQL function name \"upper\" is the name of a Spark built-in function,"
                + " which the SQL would call instead: choose another name, such as \"my_upper\"",
                line, d.columnOf(line, "\"upper\""));
    }

    @Test
    void aNameUsedTwiceIsRefusedOnTheSecond() {
        Declaration d = withFunctions("""
                    @SqlFunction("clean")
                    public static String clean(String s) { return s; }
                    @SqlFunction("clean")
                    public static String cleanAgain(String s) { return s; }""");
        int line = d.lineOf("cleanAgain") - 1;
        assertOneError(d, "[FreshetFunction] SQL function name \"clean\" is already used by test.Fns.clean: SQL"
                + " function names must be unique in a module; rename one of them", line, d.columnOf(line, "\"clean"));
    }

    @Test
    void aNameThatIsNoIdentifierIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("normalizePage")
                    public static String normalizePage(String s) { return s; }""");
        int line = d.lineOf("\"normalizePage\"");
        assertOneError(d, "[FreshetFunction] SQL function name \"normalizePage\" is not a function name: use"
                + " lower-case letters, digits and underscores, starting with a letter, such as \"normalize_page\"",
                line, d.columnOf(line, "\"normalizePage"));
    }

    @Test
    void anInstanceMethodIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("clean")
                    public String clean(String s) { return s; }""");
        int line = d.lineOf("clean(");
        assertOneError(d, "[FreshetFunction] @SqlFunction method Fns.clean(java.lang.String) is not static: the SQL"
                + " calls it without an instance; make it public static", line, d.columnOf(line, "clean("));
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("clean")
                    static String clean(String s) { return s; }""");
        int line = d.lineOf("clean(");
        assertOneError(d, "[FreshetFunction] @SqlFunction method Fns.clean(java.lang.String) is not accessible to"
                + " generated code: make it public, in a public or package-private top-level or static nested class",
                line, d.columnOf(line, "clean("));
    }

    @Test
    void aGenericMethodIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("same")
                    public static <T> T same(T value) { return value; }""");
        int line = d.lineOf("same(");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetFunction] @SqlFunction method Fns.same(T) has type parameters,"
                + " whose SQL types cannot be known: declare concrete parameter and return types")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "same("));
    }

    @Test
    void aCheckedExceptionIsRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("read")
                    public static String read(String s) throws java.io.IOException { return s; }""");
        int line = d.lineOf("read(");
        assertOneError(d, "[FreshetFunction] @SqlFunction method Fns.read(java.lang.String) declares the checked"
                + " exception java.io.IOException: SQL cannot handle it; catch it in the method, or throw an unchecked"
                + " exception (the record is then dead-lettered as TRANSFORM_ERROR)", line, d.columnOf(line, "read("));
    }

    @Test
    void anUncheckedExceptionMayBeDeclared() {
        Declaration d = withFunctions("""
                    @SqlFunction("parse")
                    public static int parse(String s) throws NumberFormatException { return Integer.parseInt(s); }""");
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }

    @Test
    void tooManyParametersAreRefused() {
        Declaration d = withFunctions("""
                    @SqlFunction("many")
                    public static int many(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k) {
                        return a;
                    }""");
        int line = d.lineOf("many(");
        assertOneError(d, "[FreshetFunction] @SqlFunction method Fns.many(int, int, int, int, int, int, int, int, int,"
                + " int, int) has 11 parameters, more than the 10 Freshet supports", line, d.columnOf(line, "many("));
    }

    @Test
    void anInvokerThatCannotBeWrittenIsAnErrorOnTheFunction() {
        Declaration d = aFeatureSet().plus(PAGES + "\nclass Pages_SqlFunctions {}");
        int line = d.lineOf("normalizeUser(");
        assertOneError(d, "[FreshetFunction] the function invoker test.Pages_SqlFunctions cannot be written: ",
                line, d.columnOf(line, "normalizeUser("));
    }

    @Test
    void sqlCallingAnUnknownFunctionSuggestsTheClosest() {
        Declaration d = aFeatureSet()
                .with("sql", "\"SELECT normalise_user(user_id) AS user_id, timestamp FROM transaction_stream\"")
                .plus(PAGES);
        assertOneError(d, "[FreshetSql] the SQL calls normalise_user(...), which is neither a Spark built-in function"
                + " nor an @SqlFunction of this compilation. Did you mean \"normalize_user\"? @SqlFunctions of this"
                + " compilation: normalize_user, risk_score, unused. Correct the name, or declare the function as"
                + " @SqlFunction(\"normalise_user\") on a public static method in the same module",
                d.line("sql"), d.column("sql", "\"SELECT"));
    }

    @Test
    void sqlCallingAFunctionWithTooFewArgumentsShowsTheCall() {
        Declaration d = aFeatureSet()
                .with("sql", "\"SELECT user_id, risk_score(amount) AS risk, timestamp FROM transaction_stream\"")
                .plus(PAGES);
        assertOneError(d, "[FreshetSql] the SQL calls risk_score with 1 argument(s), but"
                + " test.Pages.riskScore(double, boolean, java.time.Instant) takes 3: call it as risk_score(amount"
                + " DOUBLE, remote BOOLEAN, at TIMESTAMP)", d.line("sql"), d.column("sql", "\"SELECT"));
    }

    @Test
    void sqlCallingAFunctionWithErrorsGetsNoSecondError() {
        Declaration d = aFeatureSet()
                .with("sql", "\"SELECT user_id, log_page(user_id) AS n, timestamp FROM transaction_stream\"")
                .plus("""
                        class Fns {
                            @SqlFunction("log_page")
                            public static void logPage(String page) {}
                        }""");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("returns void");
    }
}
