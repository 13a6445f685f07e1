package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SQL, as Spark's own parser and analyzer see it, and the key and timestamp columns of its output. */
class SqlValidationTest {

    @Test
    void aSyntaxErrorShowsSparksMessageOnTheSql() {
        Declaration d = aFeatureSet().with("sql", "\"SELEC user_id FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL does not parse: [PARSE_SYNTAX_ERROR] Syntax error at or"
                + " near 'SELEC'")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELEC"));
    }

    @Test
    void readingAnotherTableIsRefusedWithTheSourceToReadFrom() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT user_id, timestamp FROM transaction_streams\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL reads \"transaction_streams\", which is not this feature"
                + " set's source. Did you mean \"transaction_stream\"? Read FROM transaction_stream (or from a common"
                + " table expression over it)")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void anUnknownColumnShowsSparksSuggestions() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT user_id, amout, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] Spark cannot analyse the SQL: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"
                + " A column, variable, or function parameter with name `amout` cannot be resolved. Did you mean one"
                + " of the following? [`amount`")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "SELECT user_id, sum(amount) AS total, max(timestamp) AS timestamp FROM transaction_stream GROUP BY user_id"
                + "|an aggregation (GROUP BY or an aggregate function such as sum or count)",
        "SELECT user_id, row_number() OVER (PARTITION BY user_id ORDER BY timestamp) AS n, timestamp"
                + " FROM transaction_stream|a window function (OVER ...)",
        "SELECT DISTINCT user_id, timestamp FROM transaction_stream|DISTINCT",
        "SELECT user_id, timestamp FROM transaction_stream ORDER BY timestamp|ORDER BY",
        "SELECT user_id, timestamp FROM transaction_stream LIMIT 10|LIMIT or OFFSET",
        "SELECT a.user_id, a.timestamp FROM transaction_stream a JOIN transaction_stream b ON a.user_id = b.user_id"
                + "|a JOIN",
        "SELECT user_id, timestamp FROM transaction_stream UNION SELECT user_id, timestamp FROM transaction_stream"
                + "|UNION",
        "SELECT user_id, timestamp FROM transaction_stream UNION ALL SELECT user_id, timestamp FROM"
                + " transaction_stream|UNION",
        "SELECT user_id, timestamp FROM transaction_stream WHERE user_id IN (SELECT user_id FROM transaction_stream)"
                + "|a subquery in an expression (such as IN (SELECT ...))"
    })
    void sqlThatIsNotRowLevelPointsToAggregations(String sql, String construct) {
        Declaration d = aFeatureSet().with("sql", "\"" + sql + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL is not row-level: it uses " + construct + ". The SQL"
                + " transforms each record on its own (SELECT, WHERE, expressions, subqueries and common table"
                + " expressions of those); declare aggregations on the feature set, not in the SQL")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WITH t AS (SELECT user_id, amount * 2 AS doubled, timestamp FROM transaction_stream)"
                + " SELECT user_id, doubled, timestamp FROM t",
        "WITH t AS (SELECT user_id, amount, timestamp FROM transaction_stream),"
                + " u AS (SELECT user_id, amount * 2 AS doubled, timestamp FROM t WHERE amount > 0)"
                + " SELECT user_id, doubled, timestamp FROM u",
        "SELECT user_id, doubled, timestamp FROM (WITH t AS (SELECT user_id, amount * 2 AS doubled, timestamp"
                + " FROM transaction_stream) SELECT * FROM t)",
        "WITH transaction_stream AS (SELECT user_id, amount * 2 AS doubled, timestamp FROM transaction_stream)"
                + " SELECT user_id, doubled, timestamp FROM transaction_stream",
    })
    void aCommonTableExpressionOverTheSourceIsRowLevelAndAnalysed(String sql) throws IOException {
        Declaration d = aFeatureSet().with("sql", "\"" + sql + "\"");
        Compilation c = compile(d.file());
        assertThat(c).succeededWithoutWarnings();
        org.assertj.core.api.Assertions.assertThat(c.generatedSourceFile("test.UserTransactions_FeatureSet")
                .orElseThrow().getCharContent(true).toString())
                .contains("new ColumnSpec(\"doubled\", ValueType.DOUBLE)");
    }

    @Test
    void aCommonTableExpressionReadingAnotherTableIsRefused() {
        Declaration d = aFeatureSet().with("sql", "\"WITH t AS (SELECT user_id, timestamp FROM payments)"
                + " SELECT user_id, timestamp FROM t\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL reads \"payments\", which is not this feature set's"
                + " source. Read FROM transaction_stream (or from a common table expression over it)")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"WITH"));
    }

    @Test
    void aCommonTableExpressionIsNoNameOutsideItsWith() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT user_id, timestamp FROM (WITH t AS (SELECT user_id,"
                + " timestamp FROM transaction_stream) SELECT * FROM t) JOIN t USING (user_id)\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL reads \"t\", which is not this feature set's source")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "WITH t AS (SELECT user_id, max(timestamp) AS timestamp FROM transaction_stream GROUP BY user_id)"
                + " SELECT user_id, timestamp FROM t"
                + "|an aggregation (GROUP BY or an aggregate function such as sum or count)",
        "WITH t AS (SELECT user_id, timestamp FROM transaction_stream) SELECT a.user_id, a.timestamp FROM t a"
                + " JOIN t b ON a.user_id = b.user_id|a JOIN",
        "WITH t AS (SELECT user_id, timestamp FROM transaction_stream WHERE user_id IN"
                + " (SELECT user_id FROM transaction_stream)) SELECT user_id, timestamp FROM t"
                + "|a subquery in an expression (such as IN (SELECT ...))",
        "WITH RECURSIVE t AS (SELECT user_id, timestamp FROM transaction_stream UNION ALL"
                + " SELECT user_id, timestamp FROM t) SELECT user_id, timestamp FROM t"
                + "|a recursive common table expression (WITH RECURSIVE)",
    })
    void aCommonTableExpressionThatIsNotRowLevelIsRefused(String sql, String construct) {
        Declaration d = aFeatureSet().with("sql", "\"" + sql + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL is not row-level: it uses " + construct + ".")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"WITH"));
    }

    @Test
    void anOutputColumnTheStoreCannotHoldIsRefused() {
        Declaration d = aFeatureSet().with("sql",
                "\"SELECT user_id, array(amount) AS amounts, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetSql] output column \"amounts\" has type array<double>, which the"
                + " online store cannot hold: CAST it to a string, number, boolean, date or timestamp, or turn it into"
                + " a string with to_json(...)")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void twoOutputColumnsWithOneNameAreRefused() {
        Declaration d = aFeatureSet().with("sql",
                "\"SELECT user_id, amount, amount * 2 AS amount, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetSql] the SQL outputs column \"amount\" twice: give each output column"
                + " its own name with AS")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void outputColumnsMayNotUseFreshetsReservedPrefix() {
        Declaration d = aFeatureSet().with("sql",
                "\"SELECT user_id, amount AS __amount, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetSql] output column \"__amount\" starts with \"__\", which Freshet"
                + " reserves for its own columns: rename it with AS")
                .inFile(d.file()).onLine(d.line("sql")).atColumn(d.column("sql", "\"SELECT"));
    }

    @Test
    void anEmptyKeyIsRefused() {
        Declaration d = aFeatureSet().with("key", "{}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetKey] feature set \"user-transactions\" has no key: name its key"
                + " column(s), such as key = \"user_id\"")
                .inFile(d.file()).onLine(d.line("key")).atColumn(d.column("key", "{}"));
    }

    @Test
    void aKeyColumnListedTwiceIsReportedOnTheSecond() {
        Declaration d = aFeatureSet().with("key", "{\"user_id\", \"user_id\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetKey] key column \"user_id\" is listed twice: list each key column"
                + " once")
                .inFile(d.file()).onLine(d.line("key")).atColumn(d.column("key", ", \"user_id\"") + 2);
    }

    @Test
    void aKeyColumnTheSqlDoesNotOutputIsReportedOnThatKey() {
        Declaration d = aFeatureSet().with("key", "{\"user_id\", \"usr_id\"}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKey] key column \"usr_id\" is not in the output of the SQL. Did you"
                + " mean \"user_id\"? Select it, or use one of its output columns: user_id, amount, is_remote,"
                + " timestamp")
                .inFile(d.file()).onLine(d.line("key")).atColumn(d.column("key", "\"usr_id\""));
    }

    @Test
    void aKeyColumnOfAnUnsupportedTypeShowsTheCast() {
        Declaration d = aFeatureSet().with("key", "\"amount\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetKey] key column \"amount\" is double, but keys must be string, int"
                + " or bigint: convert it in the SQL, such as CAST(amount AS STRING) AS amount")
                .inFile(d.file()).onLine(d.line("key")).atColumn(d.column("key", "\"amount\""));
    }

    @Test
    void aTimestampColumnTheSqlDoesNotOutputIsRefused() {
        Declaration d = aFeatureSet().with("timestamp", "\"event_time\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"event_time\" is not in the output of"
                + " the SQL. Select it, or use one of its output columns: user_id, amount, is_remote, timestamp")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"event_time\""));
    }

    private static Declaration withTimestampComponent(String component) {
        return aFeatureSet().components("String user_id", component + " ts").with("timestamp", "\"ts\"")
                .with("sql", "\"SELECT user_id, ts FROM transaction_stream\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"long, bigint", "int, int"})
    void anEpochNumberAsTimestampShowsTheMillisecondConversionNotToTimestamp(String javaType, String sparkType) {
        Declaration d = withTimestampComponent(javaType);
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"ts\" is " + sparkType + ", not a"
                + " timestamp: if it holds epoch milliseconds, convert it in the SQL, such as timestamp_millis(ts) AS"
                + " ts (timestamp_seconds(ts) for epoch seconds), or, if it is a source component, declare that"
                + " component as java.time.Instant with timestampEncodings = TimestampEncoding.EPOCH_MILLIS on the"
                + " @KafkaSource")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"ts\""));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timestamp_millis(ts) AS ts", "timestamp_seconds(ts) AS ts"})
    void theEpochConversionsCompile(String expression) {
        assertThat(compile(withTimestampComponent("long")
                .with("sql", "\"SELECT user_id, " + expression + " FROM transaction_stream\"").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void theEpochMillisecondsSourceCompiles() {
        Declaration d = withTimestampComponent("Instant").source("@KafkaSource(name = \"transaction_stream\","
                + " topics = \"transactions\", timestampEncodings = TimestampEncoding.EPOCH_MILLIS)");
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }

    @Test
    void aFractionalNumberAsTimestampShowsTheSecondsConversion() {
        Declaration d = aFeatureSet().with("timestamp", "\"amount\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"amount\" is double, not a timestamp: if"
                + " it holds epoch seconds, convert it in the SQL, such as timestamp_seconds(amount) AS amount")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"amount\""));
        assertThat(compile(d.with("sql", "\"SELECT user_id, timestamp_seconds(amount) AS amount FROM"
                + " transaction_stream\"").file())).succeededWithoutWarnings();
    }

    @Test
    void aStringAsTimestampShowsTheTryConversion() {
        Declaration d = withTimestampComponent("String");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"ts\" is string, not a timestamp:"
                + " convert it in the SQL, such as try_to_timestamp(ts) AS ts (null, so dead-lettered, where it is no"
                + " timestamp), or, if it is a source component holding ISO-8601 with an offset, declare that"
                + " component as java.time.Instant")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"ts\""));
        assertThat(compile(withTimestampComponent("String").with("sql",
                "\"SELECT user_id, try_to_timestamp(ts) AS ts FROM transaction_stream\"").file()))
                .succeededWithoutWarnings();
        assertThat(compile(withTimestampComponent("Instant").file())).succeededWithoutWarnings();
    }

    @Test
    void aDateAsTimestampShowsTheCast() {
        Declaration d = withTimestampComponent("LocalDate");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"ts\" is date, not a timestamp: convert"
                + " it in the SQL, such as CAST(ts AS TIMESTAMP) AS ts (read in UTC)")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"ts\""));
        assertThat(compile(withTimestampComponent("LocalDate").with("sql",
                "\"SELECT user_id, CAST(ts AS TIMESTAMP) AS ts FROM transaction_stream\"").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void aBooleanAsTimestampAsksForATimestamp() {
        Declaration d = aFeatureSet().with("timestamp", "\"is_remote\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTimestamp] timestamp column \"is_remote\" is boolean, not a"
                + " timestamp: select a timestamp as the event time, such as a source component declared as"
                + " java.time.Instant")
                .inFile(d.file()).onLine(d.line("timestamp")).atColumn(d.column("timestamp", "\"is_remote\""));
    }

    @Test
    void aFailedSqlDoesNotCascadeIntoKeyAndTimestampErrors() {
        Declaration d = aFeatureSet().with("sql", "\"SELECT nothing FROM transaction_stream\"");
        assertThat(compile(d.file())).hadErrorCount(1);
    }
}
