package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Cycles between the feature sets of one compilation through their sinks and sources: feature set A feeds B when a
 * sink of A writes a topic B's source reads. A cycle is one error, on the topic of the sink that closes it; a chain
 * without one compiles.
 */
class SinkCycleTest {

    /**
     * A further source {@code source} reading {@code topic}, and a feature set {@code name} on class
     * {@code className} reading it, with {@code sinks} (lines of {@code @KafkaSink}s) on the class.
     */
    static String reader(String className, String name, String source, String topic, String sinks) {
        String record = className + "Event";
        return "\n@KafkaSource(name = \"" + source + "\", topics = \"" + topic + "\")\n"
                + "record " + record + "(String user_id, double amount, Instant timestamp) {}\n\n"
                + sinks + "\n"
                + "@StreamingFeatureSet(name = \"" + name + "\", key = \"user_id\", source = \"" + source + "\",\n"
                + "        timestamp = \"timestamp\", sql = \"SELECT user_id, amount, timestamp FROM " + source
                + "\")\n"
                + "class " + className + " {}";
    }

    /** A sink called {@code name} writing {@code topic}, on two lines: the topic on a line of its own. */
    static String sink(String name, String topic) {
        return "@KafkaSink(name = \"" + name + "\", attachment = AttachmentPoint.ONLINE,\n        topic = \"" + topic
                + "\")";
    }

    @Test
    void twoFeatureSetsFeedingEachOtherAreOneErrorOnTheSinkThatClosesTheCycle() {
        Declaration d = aFeatureSet()
                .annotate(sink("risk-input", "user-transaction-updates"))
                .plus(reader("UserRisk", "user-risk", "risk_stream", "user-transaction-updates",
                        sink("risk-updates", "transactions")));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"transactions\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] feature sets feed each other in a cycle: user-transactions"
                + " (sink \"risk-input\", topic user-transaction-updates) → user-risk (sink \"risk-updates\", topic"
                + " transactions) → user-transactions; a sink's records would come back as its own input: break the"
                + " cycle by writing one sink to another topic")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transactions\""));
    }

    @Test
    void aCycleThroughThreeFeatureSetsIsSpeltInFull() {
        Declaration d = aFeatureSet()
                .annotate(sink("spending-input", "user-transaction-updates"))
                .plus(reader("UserSpending", "user-spending", "spending_stream", "user-transaction-updates",
                        sink("spending-updates", "user-spending-updates"))
                        + "\n" + reader("UserRisk", "user-risk", "risk_stream", "user-spending-updates",
                                sink("risk-updates", "transactions")));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"transactions\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] feature sets feed each other in a cycle: user-transactions"
                + " (sink \"spending-input\", topic user-transaction-updates) → user-spending (sink"
                + " \"spending-updates\", topic user-spending-updates) → user-risk (sink \"risk-updates\", topic"
                + " transactions) → user-transactions; a sink's records would come back as its own input")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transactions\""));
    }

    @Test
    void twoSeparateCyclesAreEachReportedOnce() {
        Declaration d = aFeatureSet()
                .annotate(sink("risk-input", "user-transaction-updates"))
                .plus(reader("UserRisk", "user-risk", "risk_stream", "user-transaction-updates",
                        sink("risk-updates", "transactions"))
                        + "\n" + reader("Pages", "pages", "page_stream", "page-views",
                                sink("page-updates", "page-view-updates"))
                        + "\n" + reader("Sessions", "sessions", "session_stream", "page-view-updates",
                                sink("session-updates", "page-views")));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"page-views\"");
        assertThat(c).hadErrorCount(2);
        assertThat(c).hadErrorContaining("cycle: user-transactions (sink \"risk-input\", topic"
                + " user-transaction-updates) → user-risk (sink \"risk-updates\", topic transactions) →"
                + " user-transactions;").inFile(d.file()).onLine(d.lineOf("topic = \"transactions\""));
        assertThat(c).hadErrorContaining("cycle: pages (sink \"page-updates\", topic page-view-updates) → sessions"
                + " (sink \"session-updates\", topic page-views) → pages;")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"page-views\""));
    }

    @Test
    void aChainWithoutACycleCompiles() {
        Declaration d = aFeatureSet()
                .annotate(sink("spending-input", "user-transaction-updates"))
                .plus(reader("UserSpending", "user-spending", "spending_stream", "user-transaction-updates",
                        sink("spending-updates", "user-spending-updates")));
        Compilation c = compile(d.file());
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.UserTransactions_FeatureSet");
        assertThat(c).generatedSourceFile("test.UserSpending_FeatureSet");
    }

    @Test
    void aCycleThroughOneOfTwoReadersOfATopicIsFound() {
        // user-transactions and audit both read "transactions", which user-risk's sink writes, so user-risk feeds
        // both; audit's sink feeds user-risk back (user-transactions only receives, and is in no cycle).
        Declaration d = aFeatureSet()
                .plus(reader("UserRisk", "user-risk", "risk_stream", "audit-updates",
                        sink("risk-updates", "transactions"))
                        + "\n" + sink("audit-out", "audit-updates") + "\n"
                        + "@StreamingFeatureSet(name = \"audit\", key = \"user_id\", source = \"transaction_stream\",\n"
                        + "        timestamp = \"timestamp\", sql = \"SELECT user_id, timestamp FROM"
                        + " transaction_stream\")\n"
                        + "class Audit {}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("topic = \"audit-updates\"");
        assertThat(c).hadErrorContaining("[FreshetSink] feature sets feed each other in a cycle: user-risk (sink"
                + " \"risk-updates\", topic transactions) → audit (sink \"audit-out\", topic audit-updates) →"
                + " user-risk;").inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"audit-updates\""));
    }
}
