package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.BackfillValidationTest.backfill;
import static dev.freshet.processor.BackfillValidationTest.backfilled;
import static dev.freshet.processor.BackfillValidationTest.batchSource;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spi.FeatureSetProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Valid declarations and what the processor generates for them: the provider sources are compared with golden files
 * in {@code src/test/resources/expected/}, and the class-path index is checked line by line. After an intended change
 * to the generated code, rewrite the golden files with {@code ./mvnw -pl annotations-processor test
 * -Dfreshet.regenerateGoldens=true} and review the diff.
 */
class GeneratedSourceTest {

    private static final boolean REGENERATE = Boolean.getBoolean("freshet.regenerateGoldens");

    @Test
    void aRowLevelFeatureSetWithMetadataGeneratesItsSpecFromLiterals() {
        Declaration d = aFeatureSet()
                .with("onlineTrigger", "\"10s\"")
                .with("offlineSchedule", "\"0 * * * *\"")
                .with("onlineTtl", "\"7d\"")
                .kind("""
                        @FeatureSetMetadata(owner = "risk-team@example.com", description = "Last transaction per user",
                                displayName = "User transactions")
                        class""");
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet", "UserTransactions_FeatureSet.java");
    }

    @Test
    void anAggregatedFeatureSetGeneratesItsAggregationsAndWindows() {
        Declaration d = aFeatureSet("UserSpending")
                .with("name", "\"user-spending\"")
                .with("sql", "\"SELECT user_id, amount, is_remote, timestamp FROM transaction_stream\"")
                .with("aggregations", """
                        {@Aggregate(function = SUM, column = "amount"),
                                @Aggregate(function = COUNT, column = "amount", alias = "transactions"),
                                @Aggregate(function = SAMPLE_STDEV, column = "amount"),
                                @Aggregate(function = BOOLEAN_OR, column = "is_remote", alias = "any_remote")}""")
                .with("windows", "{\"1m\", \"1h\", \"1d\", \"7d\"}")
                .with("allowedLateness", "\"10m\"");
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserSpending_FeatureSet", "UserSpending_FeatureSet.java");
    }

    @Test
    void aRecordTransformOnTheSourceGeneratesItsSpecAndAnInvokerOfItsOptional() {
        Compilation c = compile(RecordTransformTest.onSource().file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithRecordTransform_FeatureSet.java");
        assertMatchesGolden(c, "test.UserTransactions_RecordTransform",
                "UserTransactionsWithRecordTransform_RecordTransform.java");
    }

    @Test
    void aRecordTransformAfterSqlGeneratesItsSpecAndAnInvokerOfItsList() {
        Compilation c = compile(RecordTransformTest.afterSql().file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithRecordTransformAfterSql_FeatureSet.java");
        assertMatchesGolden(c, "test.UserTransactions_RecordTransform",
                "UserTransactionsWithRecordTransformAfterSql_RecordTransform.java");
    }

    @Test
    void aBackfillGeneratesItsSpecWithItsBatchSourcesWrittenOut() throws ReflectiveOperationException {
        String sql = "SELECT user_id, amount, is_remote, timestamp FROM transaction_history UNION ALL"
                + " SELECT user_id, amount, is_remote, timestamp FROM ledger";
        Declaration d = backfilled(backfill("start = \"2026-01-01T00:00:00Z\"", "end = \"2026-03-01T00:00:00Z\"",
                "sources = {@BackfillSource(name = \"transaction_history\", end = \"2026-02-01T00:00:00Z\"),"
                        + " @BackfillSource(name = \"ledger\", start = \"2026-02-01T00:00:00Z\")}",
                "sql = \"" + sql + "\""))
                .plus(batchSource(List.of("name = \"transaction_history\"", "format = BatchFormat.PARQUET",
                        "path = \"${history.root}/transactions\"", "timestampColumn = \"timestamp\"",
                        "options = {\"mergeSchema=true\", \"pathGlobFilter=*.parquet\"}"))
                        + "\n" + batchSource("interface Ledger {}", List.of("name = \"ledger\"",
                                "format = BatchFormat.DELTA", "table = \"finance.ledger\"",
                                "timestampColumn = \"timestamp\"")));
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet", "UserTransactionsWithBackfill_FeatureSet.java");
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        BatchSourceSpec history = new BatchSourceSpec("transaction_history", BatchFormat.PARQUET,
                "${history.root}/transactions", false, "timestamp", List.of(
                        new ColumnSpec("user_id", ValueType.STRING), new ColumnSpec("amount", ValueType.DOUBLE),
                        new ColumnSpec("is_remote", ValueType.BOOLEAN), new ColumnSpec("timestamp",
                                ValueType.TIMESTAMP)),
                Map.of("mergeSchema", "true", "pathGlobFilter", "*.parquet"), "test.HistoricalTransaction");
        BatchSourceSpec ledger = new BatchSourceSpec("ledger", BatchFormat.DELTA, "finance.ledger", true, "timestamp",
                List.of(), Map.of(), "test.Ledger");
        Instant february = Instant.parse("2026-02-01T00:00:00Z");
        assertThat(provider.featureSet().backfill()).contains(new BackfillSpec(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"), List.of(
                        new BackfillSpec.Source(history, Instant.parse("2026-01-01T00:00:00Z"), february),
                        new BackfillSpec.Source(ledger, february, Instant.parse("2026-03-01T00:00:00Z"))), sql));
    }

    @Test
    void aBackfillWithoutSqlReadsItsOneSourceAsItIs() throws ReflectiveOperationException {
        Compilation c = compile(backfilled(BackfillValidationTest.backfill()).file());

        assertThat(c).succeededWithoutWarnings();
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        assertThat(provider.featureSet().backfill().orElseThrow().sql()).isEqualTo("SELECT * FROM transaction_history");
    }

    @Test
    void sinksAreWrittenIntoTheSpecWithTheirSecurity() throws ReflectiveOperationException {
        Declaration d = aFeatureSet().annotate(SinkValidationTest.sink("updates", "user-updates") + "\n"
                + SinkValidationTest.sink("name = \"audit\"", "topic = \"user-audit\"",
                        "connection = \"audit-cluster\"", "attachment = AttachmentPoint.OFFLINE",
                        "security = @KafkaSecurity(protocol = SecurityProtocol.SASL_SSL,"
                                + " saslMechanism = SaslMechanism.SCRAM_SHA_512, usernameSecret = \"audit-user\","
                                + " passwordSecret = \"audit-password\", truststoreSecret = \"audit-truststore\")"));
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet", "UserTransactionsWithSinks_FeatureSet.java");
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        assertThat(provider.featureSet().sinks()).containsExactly(
                new KafkaSinkSpec("updates", "user-updates", "", "", SinkFormat.JSON, AttachmentPoint.ONLINE,
                        KafkaSecuritySpec.NONE),
                new KafkaSinkSpec("audit", "user-audit", "", "audit-cluster", SinkFormat.JSON,
                        AttachmentPoint.OFFLINE, new KafkaSecuritySpec(SecurityProtocol.SASL_SSL,
                                SaslMechanism.SCRAM_SHA_512, "audit-user", "audit-password", "audit-truststore", "",
                                "", "")));
    }

    /** Cluster templates after no sinks: the spec's constructor then gets an empty list of sinks before them. */
    @Test
    void clusterTemplatesAreWrittenIntoTheSpecAfterTheSinks() throws ReflectiveOperationException {
        Declaration d = aFeatureSet().annotate(ClusterTemplatesValidationTest.templates(
                "online = ClusterTemplate.SMALL", "offline = ClusterTemplate.LARGE"));
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet",
                "UserTransactionsWithClusterTemplates_FeatureSet.java");
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        assertThat(provider.featureSet().clusterTemplates()).isEqualTo(new ClusterTemplatesSpec(
                ClusterTemplate.SMALL, ClusterTemplate.LARGE, ClusterTemplate.MEDIUM));
        assertThat(provider.featureSet().sinks()).isEmpty();
    }

    @Test
    void aFeatureSetWithoutClusterTemplatesRunsEveryJobOnTheDefault() throws ReflectiveOperationException {
        Compilation c = compile(aFeatureSet().file());

        assertThat(c).succeededWithoutWarnings();
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        assertThat(provider.featureSet().clusterTemplates()).isEqualTo(ClusterTemplatesSpec.DEFAULT);
    }

    @Test
    void aSourceWithItsOwnConnectionIsWrittenIntoTheSpecWithItsSecurity() throws ReflectiveOperationException {
        Declaration d = aFeatureSet().source(SourceConnectionValidationTest.source("connection = \"events-cluster\"",
                "security = @KafkaSecurity(protocol = SecurityProtocol.SASL_SSL,"
                        + " saslMechanism = SaslMechanism.SCRAM_SHA_512, usernameSecret = \"tx-user\","
                        + " passwordSecret = \"tx-password\", truststoreSecret = \"cluster-ca\","
                        + " keystoreSecret = \"client-keystore\","
                        + " keystorePasswordSecret = \"client-keystore-password\")"));
        Compilation c = compile(d.file());

        assertThat(c).succeededWithoutWarnings();
        assertMatchesGolden(c, "test.UserTransactions_FeatureSet", "UserTransactionsWithSecuredSource_FeatureSet.java");
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        KafkaSourceSpec source = provider.featureSet().source();
        assertThat(source.bootstrapServers()).isEmpty();
        assertThat(source.connection()).isEqualTo("events-cluster");
        assertThat(source.security()).isEqualTo(new KafkaSecuritySpec(SecurityProtocol.SASL_SSL,
                SaslMechanism.SCRAM_SHA_512, "tx-user", "tx-password", "cluster-ca", "", "client-keystore",
                "client-keystore-password"));
        assertThat(source.topics()).containsExactly("transactions");
    }

    @Test
    void aSourceOnTheApplicationsConnectionHasNoConnectionOrSecurityOfItsOwn() throws ReflectiveOperationException {
        Compilation c = compile(aFeatureSet().file());

        assertThat(c).succeededWithoutWarnings();
        FeatureSetProvider provider = (FeatureSetProvider) new CompiledClasses(c)
                .loadClass("test.UserTransactions_FeatureSet").getConstructor().newInstance();
        KafkaSourceSpec source = provider.featureSet().source();
        assertThat(source.bootstrapServers()).isEmpty();
        assertThat(source.connection()).isEmpty();
        assertThat(source.security()).isEqualTo(KafkaSecuritySpec.NONE);
    }

    @Test
    void theIndexListsEveryGeneratedProviderSorted() throws IOException {
        Declaration d = aFeatureSet("ZetaFeatures")
                .with("name", "\"zeta\"")
                .plus("""
                        @StreamingFeatureSet(name = "alpha", key = "user_id", source = "transaction_stream",
                                timestamp = "timestamp", sql = "SELECT user_id, amount, timestamp FROM transaction_stream")
                        class AlphaFeatures {}""");
        Compilation c = compile(d.file());

        assertThat(c).succeeded();
        JavaFileObject index = c.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/freshet/feature-sets")
                .orElseThrow(() -> new AssertionError("no index generated: " + c.generatedFiles()));
        assertThat(index.getCharContent(true).toString().lines().filter(l -> !l.startsWith("#")))
                .containsExactly("test.AlphaFeatures_FeatureSet", "test.ZetaFeatures_FeatureSet");
    }

    static void assertMatchesGolden(Compilation c, String generatedClass, String golden) {
        String actual = c.generatedSourceFile(generatedClass)
                .map(GeneratedSourceTest::content)
                .orElseThrow(() -> new AssertionError("no " + generatedClass + " among " + c.generatedSourceFiles()));
        Path path = Path.of("src/test/resources/expected", golden);
        try {
            if (REGENERATE) {
                Files.writeString(path, actual, StandardCharsets.UTF_8);
            }
            assertThat(path).as("golden file %s (regenerate with -Dfreshet.regenerateGoldens=true)", path).exists();
            assertThat(actual).isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String content(JavaFileObject file) {
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
