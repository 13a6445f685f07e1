package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backfills: the range and its alignment to the tile size, the batch sources and their sub-ranges, the feature sets a
 * backfill has a meaning on, and the backfill SQL against the stream source's columns.
 */
class BackfillValidationTest {

    /** The attributes of the default {@code @BatchSource}: a Parquet history of the transactions. */
    static final List<String> HISTORY = List.of("name = \"transaction_history\"", "format = BatchFormat.PARQUET",
            "path = \"/data/transactions\"", "timestampColumn = \"timestamp\"");

    /** A {@code @BatchSource} record with {@code attributes}, each on a line of its own, and the stream's columns. */
    static String batchSource(List<String> attributes) {
        return batchSource("record HistoricalTransaction(String user_id, double amount, boolean is_remote,"
                + " Instant timestamp) {}", attributes);
    }

    /** A {@code @BatchSource} with {@code attributes}, each on a line of its own, on {@code type}. */
    static String batchSource(String type, List<String> attributes) {
        return "@BatchSource(\n    " + String.join(",\n    ", attributes) + ")\n" + type;
    }

    /** A {@code @Backfill} with {@code attributes}, each on a line of its own. */
    static String backfill(String... attributes) {
        return "@Backfill(\n    " + String.join(",\n    ", attributes) + ")";
    }

    /** The default {@code @Backfill}: two months of the transaction history, by its default SQL. */
    static String backfill() {
        return backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")");
    }

    /** An aggregated feature set over the transactions, hourly tiles, with {@code backfill} and the history. */
    static Declaration backfilled(String backfill) {
        return aFeatureSet()
                .with("aggregations", "@Aggregate(function = SUM, column = \"amount\")")
                .with("windows", "{\"1h\", \"1d\"}")
                .with("tileSize", "\"1h\"")
                .annotate(backfill)
                .plus(batchSource(HISTORY));
    }

    @Test
    void aValidBackfillCompilesWithoutWarnings() {
        assertThat(compile(backfilled(backfill()).file())).succeededWithoutWarnings();
    }

    @Test
    void anEndOffTheTileGridNamesTheAlignedInstantsBeforeAndAfter() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:30:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("    end = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill's end 2026-03-01T00:30:00Z is not a multiple"
                + " of the tile size 1h: the hand-off to the stream is on a tile boundary; use the one before,"
                + " \"2026-03-01T00:00:00Z\", or the one after, \"2026-03-01T01:00:00Z\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"2026-03-01T00:30:00Z\""));
    }

    @Test
    void theAlignedInstantsTheMessageSuggestsCompile() {
        for (String end : List.of("2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z")) {
            assertThat(compile(backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"" + end + "\"",
                    "sources = @BackfillSource(name = \"transaction_history\")")).file())).succeededWithoutWarnings();
        }
    }

    @Test
    void aStartNotBeforeTheEndIsReportedOnTheStart() {
        Declaration d = backfilled(backfill("start = \"2026-03-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("    start = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill starts at 2026-03-01T00:00:00Z, which is not"
                + " before its end 2026-03-01T00:00:00Z: give a start before the end")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"2026-03-01T00:00:00Z\""));
    }

    @Test
    void anInstantThatDoesNotParseShowsTheExpectedForm() {
        Declaration d = backfilled(backfill("start = \"2026-01-01\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("    start = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill's start \"2026-01-01\" is not an instant:"
                + " write an ISO-8601 instant in UTC, such as \"2026-01-01T00:00:00Z\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"2026-01-01\""));
    }

    @Test
    void aSourceReadOutsideTheBackfillsRangeIsReportedOnItsBound() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\", end = \"2026-04-01T00:00:00Z\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("@BackfillSource");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] batch source \"transaction_history\" is read from"
                + " 2026-01-01T00:00:00Z to 2026-04-01T00:00:00Z, outside the backfill's range from"
                + " 2026-01-01T00:00:00Z to 2026-03-01T00:00:00Z: give it a range inside the backfill's (an empty start"
                + " or end is the backfill's own)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"2026-04-01T00:00:00Z\""));
    }

    @Test
    void aSourceRangeThatIsEmptyIsReportedOnItsStart() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\", start = \"2026-02-01T00:00:00Z\","
                        + " end = \"2026-01-15T00:00:00Z\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("@BackfillSource");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] batch source \"transaction_history\" is read from"
                + " 2026-02-01T00:00:00Z to 2026-01-15T00:00:00Z: its start must be before its end")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"2026-02-01T00:00:00Z\""));
    }

    @Test
    void anUnknownBatchSourceSuggestsTheClosestAndListsTheKnownOnes() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_histroy\")"));
        Compilation c = compile(d.file());
        int line = d.lineOf("@BackfillSource");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] no @BatchSource is named \"transaction_histroy\". Did you"
                + " mean \"transaction_history\"? Batch sources in this compilation: transaction_history. Declare the"
                + " source on a record or an interface in the same module as the feature set")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction_histroy\""));
    }

    @Test
    void aBatchSourceReadTwiceIsReportedOnTheSecond() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = {@BackfillSource(name = \"transaction_history\", end = \"2026-02-01T00:00:00Z\")",
                "    @BackfillSource(name = \"transaction_history\", start = \"2026-02-01T00:00:00Z\")}",
                "sql = \"SELECT * FROM transaction_history\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("start = \"2026-02-01T00:00:00Z\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] batch source \"transaction_history\" is read twice by the"
                + " backfill: list each source once, with a range covering both")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction_history\""));
    }

    @Test
    void aBackfillReadsAtLeastOneSource() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = {}"));
        Compilation c = compile(d.file());
        int line = d.lineOf("sources = {}");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill reads no batch source: name at least one, such"
                + " as sources = @BackfillSource(name = \"transaction_history\")")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "{}"));
    }

    @Test
    void aBackfillOnARowLevelSetStatesTheRule() {
        Declaration d = aFeatureSet().annotate(backfill()).plus(batchSource(HISTORY));
        Compilation c = compile(d.file());
        int line = d.lineOf("@Backfill(");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] feature set \"user-transactions\" has a @Backfill but no"
                + " aggregations: a backfill seeds the tiles of an aggregated feature set's windows and its offline"
                + " table, and a row-level feature set has no windows to seed; remove the @Backfill, or declare"
                + " aggregations and windows")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void severalSourcesNeedTheSqlThatCombinesThem() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = {@BackfillSource(name = \"transaction_history\"), @BackfillSource(name = \"ledger\")}"))
                .plus(batchSource(HISTORY) + "\n" + batchSource("interface Ledger {}", List.of("name = \"ledger\"",
                        "format = BatchFormat.DELTA", "table = \"finance.ledger\"", "timestampColumn = \"timestamp\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("@Backfill(");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill reads 2 batch sources (transaction_history,"
                + " ledger) but has no sql: say how they make the stream source's rows, such as sql = \"SELECT * FROM"
                + " transaction_history UNION ALL SELECT * FROM ledger\", or mark a public static method Dataset<Row>"
                + " m(SparkSession spark) of UserTransactions with @BackfillTransform")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void backfillSqlMissingOrMistypingAStreamColumnNamesItWithItsType() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT CAST(user_id AS BIGINT) AS user_id, is_remote, timestamp FROM transaction_history\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = \"SELECT CAST");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill SQL's output does not hold the columns of"
                + " stream source \"transaction_stream\": column \"user_id\" is bigint, the source's is string; column"
                + " \"amount\" (double) is missing. Select every column of the stream source with its type in the"
                + " backfill SQL (rename and CAST the batch sources' columns), so that the feature set's transform"
                + " reads backfilled rows as it reads the stream's")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT CAST"));
    }

    @Test
    void backfillSqlMayCombineSourcesWithJoinsAndUnions() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = {@BackfillSource(name = \"transaction_history\"), @BackfillSource(name = \"refunds\")}",
                "sql = \"SELECT user_id, amount, is_remote, timestamp FROM transaction_history UNION ALL SELECT"
                        + " r.user_id, -r.cents / 100.0D AS amount, false AS is_remote, r.timestamp FROM refunds r JOIN"
                        + " transaction_history t ON r.user_id = t.user_id\""))
                .plus(batchSource(HISTORY) + "\n" + batchSource("record Refund(String user_id, long cents,"
                        + " Instant timestamp) {}", List.of("name = \"refunds\"", "format = BatchFormat.JSON",
                        "path = \"/data/refunds\"", "timestampColumn = \"timestamp\"")));
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }

    @Test
    void backfillSqlOverASchemaReadFromTheDataIsOnlyParsed() {
        String ledger = batchSource("interface Ledger {}", List.of("name = \"ledger\"", "format = BatchFormat.DELTA",
                "table = \"finance.ledger\"", "timestampColumn = \"booked_at\""));
        Declaration unchecked = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"",
                "end = \"2026-03-01T00:00:00Z\"", "sources = @BackfillSource(name = \"ledger\")",
                "sql = \"SELECT account AS user_id, booked_at AS timestamp FROM ledger\"")).plus(ledger);
        assertThat(compile(unchecked.file())).succeededWithoutWarnings();

        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"ledger\")", "sql = \"SELECT (account FROM ledger\""))
                .plus(ledger);
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill SQL does not parse: ")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT"));
    }

    @Test
    void backfillSqlReadingAnotherTableNamesTheBackfillsSources() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT * FROM transaction_stream\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill SQL reads \"transaction_stream\", which is not"
                + " a batch source of the backfill. Did you mean \"transaction_history\"? Read from its batch sources"
                + " (transaction_history), or from common table expressions over them")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT"));
    }

    @Test
    void backfillSqlCallingAnSqlFunctionIsRefused() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT user_id, round_cents(amount) AS amount, is_remote, timestamp FROM"
                        + " transaction_history\""))
                .plus(batchSource(HISTORY) + """

                        class Money {
                            @SqlFunction("round_cents")
                            public static double roundCents(double amount) {
                                return Math.round(amount * 100) / 100.0;
                            }
                        }""");
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill SQL calls round_cents, the @SqlFunction"
                + " Money.roundCents(double): backfill SQL calls Spark's built-in functions only; compute the value"
                + " with built-in functions, or call the function in the feature set's own SQL, which backfilled rows"
                + " go through as streamed ones do")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT"));
    }

    @Test
    void backfillSqlCallingAnUnknownFunctionSuggestsABuiltIn() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT user_id, amount, is_remote, to_timestmp(timestamp) AS timestamp FROM"
                        + " transaction_history\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] the backfill SQL calls to_timestmp(...), which is not a"
                + " Spark built-in function. Did you mean \"to_timestamp\"? Backfill SQL calls Spark's built-in"
                + " functions only")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT"));
    }

    @Test
    void backfillSqlThatSparkCannotAnalyseGetsSparksMessage() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT user_id, amout AS amount, is_remote, timestamp FROM transaction_history\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("    sql = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] Spark cannot analyse the backfill SQL:"
                + " [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"SELECT"));
        assertThat(c).hadErrorContaining("`amount`");
    }

    @Test
    void backfillSqlWithASubqueryExpressionIsLeftToTheJobsCheck() {
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = @BackfillSource(name = \"transaction_history\")",
                "sql = \"SELECT * FROM transaction_history WHERE user_id IN (SELECT user_id FROM"
                        + " transaction_history WHERE amount > 0)\""));
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }

    @Test
    void aBackfillOnAClassThatIsNoFeatureSetIsRefused() {
        Declaration d = backfilled(backfill()).plus(batchSource(HISTORY) + "\n" + backfill() + "\nclass Stray {}");
        Compilation c = compile(d.file());
        int line = d.lineOf("class Stray") - 4;
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBackfill] @Backfill on test.Stray is not on a @StreamingFeatureSet"
                + " class, so no feature set runs it: put it on the feature set's class, or annotate Stray with"
                + " @StreamingFeatureSet")
                .inFile(d.file()).onLine(line).atColumn(1);
    }
}
