package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Aggregations and windows: columns and types, window literals, tile sizes, lateness, feature names. */
class AggregationValidationTest {

    private static Declaration aggregated() {
        return aFeatureSet()
                .with("aggregations", "{@Aggregate(function = AVG, column = \"amount\"),"
                        + " @Aggregate(function = BOOLEAN_OR, column = \"is_remote\", alias = \"had_remote\")}")
                .with("windows", "{\"1m\", \"1h\"}");
    }

    @Test
    void aValidAggregatedDeclarationCompilesWithoutWarnings() {
        assertThat(compile(aggregated().file())).succeededWithoutWarnings();
    }

    @Test
    void anAggregatedSetWhoseSqlDropsTheKeyOrTheTimestampIsRefused() {
        Declaration d = aggregated().with("sql", "\"SELECT amount, is_remote FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(2);
        assertThat(c).hadErrorContaining("[FreshetKey] key column \"user_id\" is not in the output of the SQL. Select"
                + " it, or use one of its output columns: amount, is_remote")
                .inFile(d.file()).onLine(d.line("key")).atColumn(d.column("key", "\"user_id\""));
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"timestamp\" is not in the output of"
                + " the SQL. Select it, or use one of its output columns: amount, is_remote")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"timestamp\""));
    }

    private static final String WINDOW_FORMS = "write a whole number of seconds, minutes, hours or days, with the unit"
            + " s, m, h or d or spelled out, such as \"30s\", \"1m\", \"1 minute\", \"3 hours\" or \"7 day\" (no"
            + " decimals: \"90m\", not \"1.5h\"; no milliseconds)";

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource(delimiter = '|', value = {
        "7x    | has an unknown unit \"x\"",
        "500ms | is not a whole number of seconds",
        "1.5h  | is not a whole number",
        "0s    | is zero",
        "1 wk  | has an unknown unit \"wk\"",
        "soon  | is not a duration",
    })
    void aWindowThatIsNoWindowShowsHowWindowsAreWritten(String window, String why) {
        Declaration d = aggregated().with("windows", "{\"1m\", \"" + window + "\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetWindow] window \"" + window + "\" " + why + ": " + WINDOW_FORMS)
                .inFile(d.file()).onLine(d.line("windows")).atColumn(d.column("windows", "\"" + window + "\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"30s", "1m", "1 minute", "3 hours", "7 day", "90m"})
    void everyWindowTheMessageSuggestsIsAValidWindow(String window) {
        assertThat(compile(aggregated().with("windows", "{\"" + window + "\"}").file())).succeededWithoutWarnings();
    }

    @Test
    void theSameWindowTwiceIsReportedOnTheSecond() {
        Declaration d = aggregated().with("windows", "{\"60s\", \"1m\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetWindow] window \"1m\" is the same as window \"60s\" (1m): list each"
                + " window once")
                .inFile(d.file()).onLine(d.line("windows")).atColumn(d.column("windows", "\"1m\""));
    }

    @Test
    void aWindowThatIsNotAMultipleOfTheTileShowsAFinerTile() {
        Declaration d = aggregated().with("windows", "{\"90s\", \"1h\"}").with("tileSize", "\"1m\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetWindow] window \"90s\" is not a multiple of the tile size 1m: use a"
                + " multiple of 1m, or a finer tile, such as tileSize = \"5s\"")
                .inFile(d.file()).onLine(d.line("windows")).atColumn(d.column("windows", "\"90s\""));
        assertThat(compile(d.with("tileSize", "\"5s\"").file())).succeededWithoutWarnings();
    }

    @Test
    void aTileSizeOffTheLadderIsRefused() {
        Declaration d = aggregated().with("tileSize", "\"10s\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTile] tileSize \"10s\" is not a size Freshet keeps tiles of: use one"
                + " of 1s, 5s, 1m, 5m, 1h, such as \"1s\" (the default); every window must be a multiple of it")
                .inFile(d.file()).onLine(d.line("tileSize")).atColumn(d.column("tileSize", "\"10s\""));
    }

    @Test
    void aTileSizeThatIsNoDurationIsRefused() {
        Declaration d = aggregated().with("tileSize", "\"1 sec\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTile] tileSize \"1 sec\" has an unknown unit \"sec\": use one of 1s,"
                + " 5s, 1m, 5m, 1h, such as \"1s\" (the default)")
                .inFile(d.file()).onLine(d.line("tileSize")).atColumn(d.column("tileSize", "\"1 sec\""));
    }

    @Test
    void windowsWithoutAggregationsAreRefusedWithAnAggregationToAdd() {
        Declaration d = aFeatureSet().with("windows", "{\"1m\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetWindow] feature set \"user-transactions\" declares windows but no"
                + " aggregations: add aggregations, such as aggregations = @Aggregate(function = AggregateFunction.COUNT,"
                + " column = \"user_id\"), or remove the windows")
                .inFile(d.file()).onLine(d.line("windows")).atColumn(d.column("windows", "\"1m\""));
        assertThat(compile(d.with("aggregations",
                "@Aggregate(function = AggregateFunction.COUNT, column = \"user_id\")").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void aggregationsWithoutWindowsAreAnErrorOnTheAggregationsNotAProcessorFailure() {
        Declaration d = aggregated().without("windows");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetWindow] feature set \"user-transactions\" declares aggregations but"
                + " no windows: add windows, such as windows = {\"1h\", \"1d\"}")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(d.column("aggregations", "{@Aggregate"));
    }

    @Test
    void aggregationsWhoseEveryWindowIsInvalidGetOnlyTheWindowsError() {
        Declaration d = aggregated().with("windows", "{\"7x\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetWindow] window \"7x\"")
                .inFile(d.file()).onLine(d.line("windows")).atColumn(d.column("windows", "\"7x\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0s", "0 seconds", "0ms", "00m", "0 Days"})
    void zeroLatenessAndSkewInAKnownUnitAreAllowed(String zero) throws IOException {
        Declaration d = aggregated().with("allowedLateness", "\"" + zero + "\"").with("maxEventTimeSkew",
                "\"" + zero + "\"");
        Compilation c = compile(d.file());
        assertThat(c).succeededWithoutWarnings();
        org.assertj.core.api.Assertions.assertThat(c.generatedSourceFile("test.UserTransactions_FeatureSet")
                .orElseThrow().getCharContent(true).toString())
                .contains("Duration.ofMillis(1000L),\n" + " ".repeat(20) + "Duration.ZERO,\n" + " ".repeat(20)
                        + "Duration.ZERO)");
    }

    @Test
    void aZeroLatenessInAnUnknownUnitIsRefused() {
        Declaration d = aggregated().with("allowedLateness", "\"0parsecs\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetLateness] allowedLateness \"0parsecs\" has an unknown unit"
                + " \"parsecs\"")
                .inFile(d.file()).onLine(d.line("allowedLateness")).atColumn(d.column("allowedLateness", "\"0parsecs"));
    }

    @Test
    void aZeroSkewInAnUnknownUnitIsRefused() {
        Declaration d = aggregated().with("maxEventTimeSkew", "\"0 fortnights\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetLateness] maxEventTimeSkew \"0 fortnights\" has an unknown unit"
                + " \"fortnights\"")
                .inFile(d.file()).onLine(d.line("maxEventTimeSkew"))
                .atColumn(d.column("maxEventTimeSkew", "\"0 fortnights"));
    }

    @Test
    void aMalformedAllowedLatenessShowsHowToWriteIt() {
        Declaration d = aggregated().with("allowedLateness", "\"a while\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetLateness] allowedLateness \"a while\" is not a duration: write how"
                + " far behind its key's newest event an event may be, as a whole number and a unit (ms, s, m, h or d,"
                + " or spelled out), such as \"5m\" or \"30 seconds\", or \"0s\" to aggregate no late event")
                .inFile(d.file()).onLine(d.line("allowedLateness")).atColumn(d.column("allowedLateness", "\"a"));
    }

    @Test
    void aMalformedMaximumSkewShowsHowToWriteIt() {
        Declaration d = aggregated().with("maxEventTimeSkew", "\"5 minutes later\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetLateness] maxEventTimeSkew \"5 minutes later\" is not a duration:"
                + " write how far after its Kafka record's timestamp an event's time may be, as a whole number and a"
                + " unit (ms, s, m, h or d, or spelled out), such as \"5m\" or \"30 seconds\", or \"0s\" for not at"
                + " all")
                .inFile(d.file()).onLine(d.line("maxEventTimeSkew"))
                .atColumn(d.column("maxEventTimeSkew", "\"5 minutes"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5m", "30 seconds", "0s"})
    void everyLatenessAndSkewTheMessagesSuggestIsValid(String duration) {
        assertThat(compile(aggregated().with("allowedLateness", "\"" + duration + "\"")
                .with("maxEventTimeSkew", "\"" + duration + "\"").file())).succeededWithoutWarnings();
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "amout,      amount",
        "Amount,     amount",
        "amnt,       amount",
        "amt,        amount",
        "remote,     is_remote",
        "amount_usd, amount",
        "user,       user_id",
    })
    void anAggregationOverAColumnTheSqlDoesNotOutputSuggestsTheNearestOne(String column, String suggested) {
        Declaration d = aggregated().with("aggregations", "{@Aggregate(function = COUNT, column = \"" + column
                + "\")}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetAggregate] aggregation column \"" + column + "\" is not in the output"
                + " of the SQL. Did you mean \"" + suggested + "\"? Aggregate one of its output columns: user_id,"
                + " amount, is_remote, timestamp")
                .inFile(d.file()).onLine(d.line("aggregations"))
                .atColumn(d.column("aggregations", "\"" + column + "\""));
    }

    @Test
    void anAggregationOverAColumnNothingResemblesListsTheColumns() {
        Declaration d = aggregated().with("aggregations", "{@Aggregate(function = SUM, column = \"price\")}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetAggregate] aggregation column \"price\" is not in the output of the"
                + " SQL. Aggregate one of its output columns: user_id, amount, is_remote, timestamp")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(d.column("aggregations", "\"price\""));
    }

    private static final String SQL = "SELECT user_id, amount, is_remote, timestamp";

    /** A feature set selecting {@code extra} too and aggregating {@code function} over {@code column}. */
    private static Declaration aggregating(String function, String column, String extra) {
        return aggregated().with("sql", "\"" + SQL + extra + " FROM transaction_stream\"")
                .with("aggregations", "{@Aggregate(function = " + function + ", column = \"" + column + "\")}");
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource(delimiter = '|', value = {
        "AVG         | user_id   | string    | try_cast(user_id AS DOUBLE) AS user_id_number"
                + "|select a number in the SQL, such as try_cast(user_id AS DOUBLE) AS user_id_number (null where it is"
                + " no number, where CAST would fail the micro-batch), and aggregate column = \"user_id_number\"",
        "MAX         | timestamp | timestamp | unix_millis(timestamp) AS timestamp_millis"
                + "|select its epoch milliseconds in the SQL, such as unix_millis(timestamp) AS timestamp_millis, and"
                + " aggregate column = \"timestamp_millis\"",
        "SUM         | is_remote | boolean   | CAST(is_remote AS INT) AS is_remote_int"
                + "|select 1 for true and 0 for false in the SQL, such as CAST(is_remote AS INT) AS is_remote_int, and"
                + " aggregate column = \"is_remote_int\" (or use BOOLEAN_OR or BOOLEAN_AND on \"is_remote\")",
        "BOOLEAN_AND | amount    | double    | amount > 0 AS amount_positive"
                + "|compute a boolean in the SQL, such as amount > 0 AS amount_positive, and aggregate"
                + " column = \"amount_positive\"",
        "BOOLEAN_OR  | user_id   | string    | user_id IS NOT NULL AS user_id_present"
                + "|compute a boolean in the SQL, such as user_id IS NOT NULL AS user_id_present, and aggregate"
                + " column = \"user_id_present\"",
    })
    void aFunctionOverAColumnItDoesNotTakeShowsAConversionToANewColumn(String function, String column,
            String type, String expression, String fix) {
        Declaration d = aggregating(function, column, "");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetAggregate] " + function + " needs a "
                + (function.startsWith("BOOLEAN") ? "boolean" : "numeric") + " column, but \"" + column + "\" is "
                + type + ": " + fix)
                .inFile(d.file()).onLine(d.line("aggregations"))
                .atColumn(d.column("aggregations", "\"" + column + "\""));

        String alias = expression.substring(expression.lastIndexOf(" AS ") + 4);
        assertThat(compile(aggregating(function, alias, ", " + expression).file())).succeededWithoutWarnings();
    }

    @Test
    void aDateForANumericFunctionShowsItsDays() {
        Declaration d = aggregated().components("String user_id", "LocalDate day", "Instant timestamp")
                .with("sql", "\"SELECT user_id, day, timestamp FROM transaction_stream\"")
                .with("aggregations", "{@Aggregate(function = MIN, column = \"day\")}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetAggregate] MIN needs a numeric column, but \"day\" is date: select"
                + " its days since 1970-01-01 in the SQL, such as unix_date(day) AS day_days, and aggregate"
                + " column = \"day_days\"")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(d.column("aggregations", "\"day\""));
        assertThat(compile(d.with("sql", "\"SELECT user_id, unix_date(day) AS day_days, timestamp FROM"
                + " transaction_stream\"").with("aggregations", "{@Aggregate(function = MIN, column = \"day_days\")}")
                .file())).succeededWithoutWarnings();
    }

    @Test
    void theSuggestedColumnNeverTakesTheNameOfAnOutputColumn() {
        Declaration d = aggregating("AVG", "user_id", ", 1 AS user_id_number");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("such as try_cast(user_id AS DOUBLE) AS user_id_number_2 (null where it is no"
                + " number, where CAST would fail the micro-batch), and aggregate column = \"user_id_number_2\"");
    }

    @Test
    void anAliasThatIsNoFeatureNamePrefixIsRefused() {
        Declaration d = aggregated().with("aggregations",
                "{@Aggregate(function = SUM, column = \"amount\", alias = \"Total Spend\")}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetAggregate] alias \"Total Spend\" is not a feature-name prefix: use"
                + " lower-case letters, digits and underscores, starting with a letter")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(d.column("aggregations", "\"Total Spend\""));
    }

    @Test
    void twoAggregationsProducingTheSameFeatureAreRefused() {
        Declaration d = aggregated().with("aggregations", "{@Aggregate(function = SUM, column = \"amount\","
                + " alias = \"spend\"), @Aggregate(function = AVG, column = \"amount\", alias = \"spend\")}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        String line = d.lines().get(d.line("aggregations") - 1);
        assertThat(c).hadErrorContaining("[FreshetAggregate] aggregations 1 and 2 both produce feature \"spend_1m\":"
                + " give one an alias, or remove the duplicate")
                .inFile(d.file()).onLine(d.line("aggregations")).atColumn(line.lastIndexOf("\"spend\"") + 1);
    }
}
