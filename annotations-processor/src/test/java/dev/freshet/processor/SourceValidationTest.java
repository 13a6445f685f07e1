package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Sources: names, topics, record components, encodings, and feature sets that name them. */
class SourceValidationTest {

    @Test
    void anUnknownSourceSuggestsTheClosestAndListsTheKnownOnes() {
        Declaration d = aFeatureSet().with("source", "\"transaction_stram\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSource] no @KafkaSource is named \"transaction_stram\". Did you mean"
                + " \"transaction_stream\"? Sources in this compilation: transaction_stream. Declare the source on a"
                + " record in the same module as the feature set")
                .inFile(d.file()).onLine(d.line("source")).atColumn(d.column("source", "\"transaction_stram\""));
    }

    @Test
    void twoSourcesWithOneNameAreAnErrorOnTheSecond() {
        Declaration d = aFeatureSet().plus("""
                @KafkaSource(name = "transaction_stream", topics = "other")
                record Other(String user_id, Instant timestamp) {}""");
        Compilation c = compile(d.file());
        int line = d.lineOf("topics = \"other\"");
        assertThat(c).hadErrorContaining("[FreshetSource] source name \"transaction_stream\" is already declared by"
                + " test.Transaction: source names must be unique")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction_stream\""));
    }

    @Test
    void aSourceNameMustBeASqlIdentifier() {
        Declaration d = aFeatureSet().source("@KafkaSource(name = \"transaction-stream\", topics = \"transactions\")")
                .with("source", "\"transaction-stream\"");
        Compilation c = compile(d.file());
        int line = d.lineOf("@KafkaSource");
        assertThat(c).hadErrorContaining("[FreshetSource] source name \"transaction-stream\" is not a SQL identifier,"
                + " and the SQL reads the source under its name: use letters, digits and underscores, starting with a"
                + " letter, such as \"transaction_stream\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transaction-stream\""));
    }

    @Test
    void aSourceMustBeARecord() {
        Declaration d = aFeatureSet().sourceKind("class Transaction");
        Compilation c = compile(d.file());
        int line = d.lineOf("@KafkaSource");
        assertThat(c).hadErrorContaining("[FreshetSource] @KafkaSource belongs on a record whose components are the"
                + " schema, not on the class Transaction: make it a record")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void aSourceNeedsATopic() {
        Declaration d = aFeatureSet().source("@KafkaSource(name = \"transaction_stream\", topics = {})");
        Compilation c = compile(d.file());
        int line = d.lineOf("@KafkaSource");
        assertThat(c).hadErrorContaining("[FreshetSource] source \"transaction_stream\" names no topic: give at least"
                + " one, such as topics = \"transaction-stream\"")
                .inFile(d.file()).onLine(line).atColumn(1);
    }

    @Test
    void anIllegalTopicNameIsReportedOnIt() {
        Declaration d = aFeatureSet().source(
                "@KafkaSource(name = \"transaction_stream\", topics = {\"transactions\", \"card payments\"})");
        Compilation c = compile(d.file());
        int line = d.lineOf("@KafkaSource");
        assertThat(c).hadErrorContaining("[FreshetSource] topic \"card payments\" is not a legal Kafka topic name:"
                + " use 1 to 249 letters, digits, '.', '_' or '-'")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"card payments\""));
    }

    @Test
    void aComponentOfAnUnreadableTypeIsReportedOnIt() {
        Declaration d = aFeatureSet().components("String user_id", "List<String> tags", "Instant timestamp")
                .with("sql", "\"SELECT user_id, timestamp FROM transaction_stream\"");
        Compilation c = compile(d.file());
        int line = d.lineOf("List<String> tags");
        assertThat(c).hadErrorContaining("[FreshetSourceField] component tags of source \"transaction_stream\" has type"
                + " java.util.List<java.lang.String>, which Freshet cannot read from JSON: use String, boolean, int,"
                + " long, float, double (or their boxes), java.time.Instant or java.time.LocalDate")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "tags"));
    }

    @Test
    void twoComponentsReadingOneJsonMemberAreRefused() {
        Declaration d = aFeatureSet().components("String user_id", "@SourceField(json = \"user_id\") String uid",
                "double amount", "boolean is_remote", "Instant timestamp");
        Compilation c = compile(d.file());
        int line = d.lineOf("@SourceField");
        assertThat(c).hadErrorContaining("[FreshetSourceField] components user_id and uid of source"
                + " \"transaction_stream\" both read the JSON member \"user_id\": each member may feed one component;"
                + " change one @SourceField(json = ...)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "uid"));
    }

    @Test
    void aSourceMustAcceptATimestampEncoding() {
        Declaration d = aFeatureSet().source(
                "@KafkaSource(name = \"transaction_stream\", topics = \"transactions\", timestampEncodings = {})");
        Compilation c = compile(d.file());
        int line = d.lineOf("@KafkaSource");
        assertThat(c).hadErrorContaining("[FreshetSource] source \"transaction_stream\" accepts no timestamp encoding:"
                + " list ISO_8601, EPOCH_MILLIS or both in timestampEncodings")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "{}"));
    }

    @Test
    void aBrokenSourceDoesNotAlsoMakeItsFeatureSetsUnknown() {
        Declaration d = aFeatureSet().source("@KafkaSource(name = \"transaction_stream\", topics = \"bad topic\")");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSource] topic \"bad topic\"");
    }
}
