package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Deferral across rounds: declarations that need what another processor generates in a later round are processed
 * once it exists, and nothing waits past the last round.
 */
class RoundsTest {

    /** Another processor: writes one source file in its first round, as code generators do. */
    private static class Generator extends AbstractProcessor {
        private final String className;
        private final String source;
        private boolean done;

        Generator(String className, String source) {
            this.className = className;
            this.source = source;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer out = processingEnv.getFiler().createSourceFile(className).openWriter()) {
                    out.write(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    private static final String FEATURE_SET = """
            package test;

            import dev.freshet.api.*;

            @StreamingFeatureSet(name = "user-transactions", key = "user_id", source = "transaction_stream",
                    timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM transaction_stream")
            class UserTransactions {}
            """;

    private static Compilation compile(Generator generator, JavaFileObject... files) {
        return Compiler.javac().withProcessors(new FeatureSetProcessor(), generator).compile(files);
    }

    @Test
    void aFeatureSetWaitsForASourceThatAnotherProcessorGeneratesInALaterRound() {
        Generator generator = new Generator("test.Transaction", """
                package test;

                @dev.freshet.api.KafkaSource(name = "transaction_stream", topics = "transactions")
                record Transaction(String user_id, java.time.Instant timestamp) {}
                """);

        Compilation c = compile(generator, JavaFileObjects.forSourceString("test.UserTransactions", FEATURE_SET));

        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.UserTransactions_FeatureSet");
    }

    @Test
    void aBackfillWaitsForABatchSourceThatAnotherProcessorGeneratesInALaterRound() {
        Generator generator = new Generator("test.HistoricalTransaction", """
                package test;

                @dev.freshet.api.BatchSource(name = "transaction_history", format = dev.freshet.api.BatchFormat.PARQUET,
                        path = "/data/transactions", timestampColumn = "timestamp")
                record HistoricalTransaction(String user_id, java.time.Instant timestamp) {}
                """);
        JavaFileObject featureSet = JavaFileObjects.forSourceString("test.UserTransactions", """
                package test;

                import dev.freshet.api.*;

                @KafkaSource(name = "transaction_stream", topics = "transactions")
                record Transaction(String user_id, java.time.Instant timestamp) {}

                @Backfill(start = "2026-01-01T00:00:00Z", end = "2026-03-01T00:00:00Z",
                        sources = @BackfillSource(name = "transaction_history"))
                @StreamingFeatureSet(name = "user-transactions", key = "user_id", source = "transaction_stream",
                        timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM transaction_stream",
                        aggregations = @Aggregate(function = AggregateFunction.COUNT, column = "user_id"),
                        windows = "1h")
                class UserTransactions {}
                """);

        Compilation c = compile(generator, featureSet);

        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.UserTransactions_FeatureSet");
    }

    @Test
    void aKafkaSourceGeneratedAfterABatchSourceOfItsNameIsRefused() {
        Generator generator = new Generator("test.Transaction", """
                package test;

                @dev.freshet.api.KafkaSource(name = "transaction_stream", topics = "transactions")
                record Transaction(String user_id, java.time.Instant timestamp) {}
                """);
        JavaFileObject batch = JavaFileObjects.forSourceString("test.History", """
                package test;

                @dev.freshet.api.BatchSource(name = "transaction_stream", format = dev.freshet.api.BatchFormat.JSON,
                        path = "/data/transactions", timestampColumn = "timestamp")
                interface History {}
                """);

        Compilation c = compile(generator, batch, JavaFileObjects.forSourceString("test.UserTransactions",
                FEATURE_SET));

        // The feature set reading the refused source gets no second error saying that it is unknown.
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSource] source name \"transaction_stream\" is already the name of"
                + " the @BatchSource test.History: Kafka and batch sources share one namespace, so that a name always"
                + " means the same data; rename one of them");
    }

    @Test
    void aSourceWhoseComponentTypeIsGeneratedLaterIsValidatedOnceTheTypeExists() {
        Generator generator = new Generator("test.Money", """
                package test;

                public record Money(long cents) {}
                """);
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Transaction",
                "package test;",
                "",
                "@dev.freshet.api.KafkaSource(name = \"transaction_stream\", topics = \"transactions\")",
                "record Transaction(String user_id, Money amount, java.time.Instant timestamp) {}");

        Compilation c = compile(generator, source,
                JavaFileObjects.forSourceString("test.UserTransactions", FEATURE_SET));

        // The component's type is known by then: the error names it, and the feature set gets no second error.
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSourceField] component amount of source \"transaction_stream\" has"
                + " type test.Money, which Freshet cannot read from JSON")
                .inFile(source).onLine(4).atColumn(42);
    }

    @Test
    void aCycleClosedByAFeatureSetGeneratedInALaterRoundIsReportedOnItsSink() {
        Generator generator = new Generator("test.UserRisk", """
                package test;

                import dev.freshet.api.*;

                @KafkaSource(name = "risk_stream", topics = "user-transaction-updates")
                record RiskEvent(String user_id, java.time.Instant timestamp) {}

                @KafkaSink(name = "risk-updates", topic = "transactions", attachment = AttachmentPoint.ONLINE)
                @StreamingFeatureSet(name = "user-risk", key = "user_id", source = "risk_stream",
                        timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM risk_stream")
                class UserRisk {}
                """);
        JavaFileObject featureSet = JavaFileObjects.forSourceString("test.UserTransactions", """
                package test;

                import dev.freshet.api.*;

                @KafkaSource(name = "transaction_stream", topics = "transactions")
                record Transaction(String user_id, java.time.Instant timestamp) {}

                @KafkaSink(name = "risk-input", topic = "user-transaction-updates", attachment = AttachmentPoint.ONLINE)
                @StreamingFeatureSet(name = "user-transactions", key = "user_id", source = "transaction_stream",
                        timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM transaction_stream")
                class UserTransactions {}
                """);

        Compilation c = compile(generator, featureSet);

        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] feature sets feed each other in a cycle: user-transactions"
                + " (sink \"risk-input\", topic user-transaction-updates) → user-risk (sink \"risk-updates\", topic"
                + " transactions) → user-transactions; a sink's records would come back as its own input: break the"
                + " cycle by writing one sink to another topic");
        // On the generated file, which a failed compilation does not hand out: its name, line and column.
        Diagnostic<? extends JavaFileObject> error = c.errors().get(0);
        org.assertj.core.api.Assertions.assertThat(error.getSource().getName()).endsWith("test/UserRisk.java");
        org.assertj.core.api.Assertions.assertThat(error.getLineNumber()).isEqualTo(8);
        org.assertj.core.api.Assertions.assertThat(error.getColumnNumber()).isEqualTo(43);
    }

    @Test
    void anIndexThatCannotBeWrittenIsAnErrorWithoutABugReport() {
        AbstractProcessor squatter = new Generator("test.Unrelated", "package test; class Unrelated {}") {
            @Override
            public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                if (round.processingOver()) {
                    try {
                        processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                                "META-INF/freshet/feature-sets").openWriter().close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return false;
            }
        };
        JavaFileObject declaration = Declaration.aFeatureSet().file();

        Compilation c = Compiler.javac().withProcessors(squatter, new FeatureSetProcessor()).compile(declaration);

        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[Freshet] the feature-set index META-INF/freshet/feature-sets cannot be"
                + " written: ");
        assertThat(c).hadErrorContaining("Check that no other processor writes it and that the output directory is"
                + " writable");
    }

    @Test
    void aFeatureSetWhoseSourceNeverAppearsGetsTheUnknownSourceErrorInTheLastRound() {
        Generator generator = new Generator("test.Unrelated", "package test; class Unrelated {}");

        Compilation c = compile(generator, JavaFileObjects.forSourceString("test.UserTransactions", FEATURE_SET));

        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSource] no @KafkaSource is named \"transaction_stream\"");
    }
}
