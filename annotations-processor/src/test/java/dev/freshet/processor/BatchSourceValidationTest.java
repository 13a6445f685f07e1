package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.BackfillValidationTest.HISTORY;
import static dev.freshet.processor.BackfillValidationTest.batchSource;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch sources: the type they are on, names, where the data is, reader options, the timestamp column. */
class BatchSourceValidationTest {

    /** The default batch source's attributes with {@code name}'s replaced by {@code attribute}, or added. */
    private static List<String> history(String name, String attribute) {
        List<String> attributes = new ArrayList<>(HISTORY.stream().filter(a -> !a.startsWith(name + " =")).toList());
        attributes.add(attribute);
        return attributes;
    }

    private static Declaration declaring(String batchSources) {
        return aFeatureSet().plus(batchSources);
    }

    @Test
    void aRecordAndAnInterfaceAreValidBatchSources() {
        Declaration d = declaring(batchSource(HISTORY) + "\n" + batchSource("interface Ledger {}", List.of(
                "name = \"ledger\"", "format = BatchFormat.DELTA", "table = \"finance.ledger\"",
                "timestampColumn = \"booked_at\"", "options = {\"versionAsOf=3\"}")));
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }

    @Test
    void aBatchSourceOnAClassIsRefused() {
        Declaration d = declaring(batchSource("class HistoricalTransaction {}", HISTORY));
        Compilation c = compile(d.file());
        int line = d.lineOf("@BatchSource(");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] @BatchSource belongs on a record whose components are"
                + " the schema, or on an interface when the schema is read from the data, not on the class"
                + " HistoricalTransaction: make it a record, such as record HistoricalTransaction(String user_id,"
                + " double amount, Instant timestamp) {}, or an interface")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void twoBatchSourcesWithOneNameAreAnErrorOnTheSecond() {
        Declaration d = declaring(batchSource(HISTORY) + "\n" + batchSource("interface Archive {}",
                history("path", "path = \"/archive\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("path = \"/archive\"") - 3;
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source name \"transaction_history\" is already"
                + " declared by test.HistoricalTransaction: batch source names must be unique; rename one of them")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction_history\""));
    }

    @Test
    void aBatchSourceNamedAsAKafkaSourceIsRefused() {
        Declaration d = declaring(batchSource(history("name", "name = \"transaction_stream\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("    name = \"transaction_stream\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source name \"transaction_stream\" is already the"
                + " name of the @KafkaSource test.Transaction: Kafka and batch sources share one namespace, so that a"
                + " name always means the same data; rename the batch source, such as"
                + " \"transaction_stream_history\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction_stream\""));
    }

    @Test
    void aBatchSourceNameMustBeASqlIdentifier() {
        Declaration d = declaring(batchSource(history("name", "name = \"transaction-history\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("name = \"transaction-history\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source name \"transaction-history\" is not a SQL"
                + " identifier, and the backfill SQL reads the source under its name: use letters, digits and"
                + " underscores, starting with a letter, such as \"transaction_history\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction-history\""));
    }

    @Test
    void aBatchSourceWithoutPathOrTableIsRefused() {
        List<String> attributes = HISTORY.stream().filter(a -> !a.startsWith("path")).toList();
        Declaration d = declaring(batchSource(attributes));
        Compilation c = compile(d.file());
        int line = d.lineOf("@BatchSource(");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source \"transaction_history\" gives neither a"
                + " path nor a table: give the path of its files, such as path = \"/data/transaction_history\", or, for"
                + " a Delta table of the catalog, its name, such as table = \"history.transactions\"")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void aBatchSourceWithPathAndTableIsReportedOnTheTable() {
        List<String> attributes = new ArrayList<>(history("format", "format = BatchFormat.DELTA"));
        attributes.add("table = \"history.transactions\"");
        Declaration d = declaring(batchSource(attributes));
        Compilation c = compile(d.file());
        int line = d.lineOf("table = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source \"transaction_history\" gives both path"
                + " \"/data/transactions\" and table \"history.transactions\": it is read from one of them; keep the"
                + " path of its files or the table, not both")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"history.transactions\""));
    }

    @Test
    void aTableIsReadByTheDeltaFormatOnly() {
        Declaration d = declaring(batchSource(history("path", "table = \"history.transactions\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("table = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] batch source \"transaction_history\" names table"
                + " \"history.transactions\", but its format is PARQUET and only the DELTA format reads a table: give"
                + " the PARQUET files' path instead, such as path = \"/data/transaction_history\", or use"
                + " format = BatchFormat.DELTA")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"history.transactions\""));
    }

    @Test
    void aTimestampColumnThatIsNoComponentSuggestsTheClosest() {
        Declaration d = declaring(batchSource(history("timestampColumn", "timestampColumn = \"timestmp\"")));
        Compilation c = compile(d.file());
        int line = d.lineOf("timestampColumn = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] timestamp column \"timestmp\" is not a component of"
                + " batch source \"transaction_history\". Did you mean \"timestamp\"? Name one of its components"
                + " (user_id, amount, is_remote, timestamp), or add the column to the record as java.time.Instant")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"timestmp\""));
    }

    @Test
    void aTimestampColumnMustBeAnInstant() {
        Declaration d = declaring(batchSource("record HistoricalTransaction(String user_id, long timestamp) {}",
                HISTORY));
        Compilation c = compile(d.file());
        int line = d.lineOf("timestampColumn = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] timestamp column \"timestamp\" of batch source"
                + " \"transaction_history\" is long, not a timestamp: declare the component as java.time.Instant (a"
                + " backfill reads each source within its range by this column)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"timestamp\""));
    }

    @Test
    void aComponentOfAnUnreadableTypeIsReportedOnIt() {
        Declaration d = declaring(batchSource("record HistoricalTransaction(String user_id,\n        List<String> tags,"
                + "\n        Instant timestamp) {}", HISTORY));
        Compilation c = compile(d.file());
        int line = d.lineOf("List<String> tags");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] component tags of batch source \"transaction_history\""
                + " has type java.util.List<java.lang.String>, which Freshet cannot read from batch data: use String,"
                + " boolean, int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "tags"));
    }

    @Test
    void anOptionWithoutEqualsSignIsReportedOnIt() {
        Declaration d = declaring(batchSource(history("options", "options = {\"header=true\", \"inferSchema\"}")));
        Compilation c = compile(d.file());
        int line = d.lineOf("options = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] option \"inferSchema\" of batch source"
                + " \"transaction_history\" is not key=value: write each reader option as \"key=value\", such as"
                + " \"header=true\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"inferSchema\""));
    }

    @Test
    void anOptionGivenTwiceIsReportedOnTheSecond() {
        Declaration d = declaring(batchSource(history("options",
                "options = {\"header=true\", \"header=false\"}")));
        Compilation c = compile(d.file());
        int line = d.lineOf("options = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetBatchSource] option \"header\" of batch source"
                + " \"transaction_history\" is given twice: give each reader option once")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"header=false\""));
    }

    @Test
    void aPathKeepsItsPlaceholdersForTheStarterToResolve() {
        Declaration d = declaring(batchSource(history("path", "path = \"${history.root}/transactions\"")));
        assertThat(compile(d.file())).succeededWithoutWarnings();
    }
}
