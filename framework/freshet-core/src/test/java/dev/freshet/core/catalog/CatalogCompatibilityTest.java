package dev.freshet.core.catalog;

import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aTransactionSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.core.catalog.CatalogCompatibility.Finding;
import dev.freshet.core.catalog.CatalogCompatibility.IncompatibleCatalogException;
import dev.freshet.core.catalog.CatalogCompatibility.Verdict;
import dev.freshet.core.testdata.FeatureSetSpecBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogCompatibilityTest {

    @TempDir
    Path tempDir;

    /** The base of the aggregated edits: sum and count of amount over 1h and 1d, in 1m tiles. */
    private static FeatureSetSpecBuilder spending() {
        return aFeatureSet().name("user-spending").windows("1h", "1d").tileSize("1m")
                .aggregate(AggregateFunction.SUM, "amount").aggregate(AggregateFunction.COUNT, "amount", "n");
    }

    /** The base of the row-level edits: the transactions' amount as a feature, keyed by user. */
    private static FeatureSetSpecBuilder lastTransaction() {
        return aFeatureSet().name("last-transaction");
    }

    private static CatalogEntry entry(FeatureSetSpecBuilder builder) {
        return CatalogEntry.of(builder.build());
    }

    /** {@code record} with its component {@code name} set to {@code value}. */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R record, String name, Object value) {
        try {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            boolean found = false;
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                found |= components[i].getName().equals(name);
                values[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(record);
            }
            assertThat(found).as("component %s of %s", name, record.getClass()).isTrue();
            return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static CatalogCompatibility compare(CatalogEntry before, CatalogEntry after) {
        return CatalogCompatibility.between(new CatalogDocument(1, List.of(before)),
                new CatalogDocument(1, List.of(after)));
    }

    private static final MetadataSpec METADATA = new MetadataSpec("risk-team", "Spend", "User spending",
            List.of("fraud"));
    private static final KafkaSinkSpec SINK = new KafkaSinkSpec("updates", "user-updates", "", "", SinkFormat.JSON,
            AttachmentPoint.ONLINE, KafkaSecuritySpec.NONE);

    static Stream<Arguments> compatibleEdits() {
        CatalogEntry agg = entry(spending());
        CatalogEntry row = entry(lastTransaction());
        List<ColumnSpec> moreFeatures = new ArrayList<>(row.features());
        moreFeatures.add(new ColumnSpec("currency", ValueType.STRING));
        List<ColumnSpec> moreColumns = new ArrayList<>(row.outputColumns());
        moreColumns.add(new ColumnSpec("currency", ValueType.STRING));
        CatalogEntry withCurrency = with(with(row, "features", moreFeatures), "outputColumns", moreColumns);
        return Stream.of(
                Arguments.of("nothing", agg, agg, List.of()),
                Arguments.of("metadata", agg, with(agg, "metadata", METADATA), List.of(
                        "owner: \"\" -> \"risk-team\"", "description: \"\" -> \"Spend\"",
                        "display name: \"\" -> \"User spending\"", "tags: [] -> [fraud]")),
                Arguments.of("schedule", agg, with(agg, "offlineSchedule", "0 * * * *"),
                        List.of("offline schedule: \"*/30 * * * *\" -> \"0 * * * *\"")),
                Arguments.of("trigger and TTL", agg, with(with(agg, "onlineTrigger", Duration.ofMinutes(1)),
                        "onlineTtl", Duration.ofDays(7)), List.of("online trigger: 5s -> 1m", "online TTL: 0s -> 7d")),
                Arguments.of("templates", agg, with(agg, "templates", new ClusterTemplatesSpec(ClusterTemplate.LARGE,
                        ClusterTemplate.MEDIUM, ClusterTemplate.MEDIUM)), List.of("cluster templates: online MEDIUM,"
                        + " offline MEDIUM, backfill MEDIUM -> online LARGE, offline MEDIUM, backfill MEDIUM")),
                Arguments.of("sink added", agg, with(agg, "sinks", List.of(SINK)),
                        List.of("sinks: none -> updates -> user-updates (ONLINE, JSON)")),
                Arguments.of("feature added at the end", row, withCurrency, List.of(
                        "column added: currency STRING (the Delta table gains it; rows written before hold null)",
                        "feature added: currency STRING (keys not written since hold no value for it until their"
                                + " next event)")),
                Arguments.of("feature set added", null, row, List.of("feature set added")),
                Arguments.of("the SQL, same output", row, with(row, "transform", with(row.transform(), "sql",
                        "SELECT user_id, amount, timestamp FROM transactions WHERE amount > 0")), List.of(
                        "transform changed (SQL -> SQL), same stored columns: values stored before were computed by"
                                + " the old transform")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleEdits")
    void compatibleEditsPassWithWhatChanged(String edit, CatalogEntry before, CatalogEntry after,
            List<String> changes) {
        CatalogCompatibility result = before == null
                ? CatalogCompatibility.between(new CatalogDocument(1, List.of()), new CatalogDocument(1,
                        List.of(after)))
                : compare(before, after);

        assertThat(result.compatible()).as(result.report()).isTrue();
        assertThat(result.findings()).extracting(Finding::change).containsExactlyElementsOf(changes);
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.migration()).isEmpty());
    }

    static Stream<Arguments> incompatibleEdits() {
        CatalogEntry row = entry(lastTransaction());
        UnaryOperator<FeatureSetSpecBuilder> none = b -> b;
        List<ColumnSpec> reordered = new ArrayList<>(row.features());
        reordered.add(0, new ColumnSpec("currency", ValueType.STRING));
        return Stream.of(
                Arguments.of("key", entry(spending()), entry(spending().key("amount")),
                        "key: user_id STRING -> amount DOUBLE"),
                Arguments.of("window added", entry(spending()), entry(spending().windows("1h", "1d", "7d")),
                        "window added: 7d (sum_amount_7d, n_7d)"),
                Arguments.of("window removed", entry(spending()), entry(spending().windows("1h")),
                        "window removed: 1d (sum_amount_1d, n_1d)"),
                Arguments.of("tile size", entry(spending()), entry(spending().tileSize("5m")), "tile size: 1m -> 5m"),
                Arguments.of("allowed lateness", entry(spending()), entry(spending().allowedLateness("1h")),
                        "allowed lateness: 5m -> 1h"),
                Arguments.of("aggregation's function", entry(spending()), entry(aFeatureSet().name("user-spending")
                        .windows("1h", "1d").tileSize("1m").aggregate(AggregateFunction.SUM, "amount")
                        .aggregate(AggregateFunction.MAX, "amount", "n")), "aggregation n: COUNT(amount) as n ->"
                        + " MAX(amount) as n"),
                Arguments.of("aggregation added", entry(spending()), entry(spending()
                        .aggregate(AggregateFunction.MAX, "amount")), "aggregation added: MAX(amount) (max_amount_1h,"
                        + " max_amount_1d)"),
                Arguments.of("becomes aggregated", row, entry(lastTransaction().windows("1h").tileSize("1m")
                        .aggregate(AggregateFunction.SUM, "amount")), "aggregations added: SUM(amount) over 1h, the"
                        + " feature set was row-level"),
                Arguments.of("event time", row, with(row, "timestampColumn", "created_at"),
                        "event time: timestamp -> created_at"),
                Arguments.of("topics", row, with(row, "source", aTransactionSource().topics("payments").build()),
                        "topics: transactions -> payments (the checkpoint holds offsets per topic partition)"),
                Arguments.of("feature type", row, with(with(row, "features", List.of(new ColumnSpec("amount",
                        ValueType.LONG))), "outputColumns", List.of(new ColumnSpec("user_id", ValueType.STRING),
                        new ColumnSpec("amount", ValueType.LONG), new ColumnSpec("timestamp", ValueType.TIMESTAMP))),
                        "column amount: DOUBLE -> LONG (the Delta table holds it)"),
                Arguments.of("feature removed", row, with(row, "features", List.of()),
                        "feature removed: amount DOUBLE (the Redis hashes hold it and clients read it)"),
                Arguments.of("feature added first", row, with(row, "features", reordered),
                        "feature added before existing ones: amount -> currency, amount (clients that read a vector by"
                                + " position would read other features; add new features at the end)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompatibleEdits")
    void incompatibleEditsFailWithWhatChanged(String edit, CatalogEntry before, CatalogEntry after, String change) {
        CatalogCompatibility result = compare(before, after);

        assertThat(result.compatible()).isFalse();
        assertThat(result.incompatible()).extracting(Finding::change)
                .anySatisfy(c -> assertThat(c).startsWith(change));
        assertThat(result.incompatible()).allSatisfy(f -> assertThat(f.migration()).contains(
                "\"" + before.name() + "-v2\"", "docs/operations.md#restarts-and-upgrades"));
    }

    @Test
    void aChangedKeyNamesBothMigrationsAndEveryStore() {
        CatalogCompatibility result = compare(entry(lastTransaction()), entry(lastTransaction().key("amount")));

        assertThat(result.incompatible()).first().isEqualTo(new Finding("last-transaction", Verdict.INCOMPATIBLE,
                "key: user_id STRING -> amount DOUBLE", "declare the changed feature set under a new name (such as"
                + " \"last-transaction-v2\"; the name identifies its checkpoints, Redis keys and Delta table) and"
                + " retire this one, or reset it: stop the application, delete the checkpoints"
                + " <checkpoint-root>/last-transaction/online and /offline, the Redis keys <prefix>:last-transaction:*"
                + " and its Delta table, then start (docs/operations.md#restarts-and-upgrades)"));
    }

    @Test
    void aChangedTileModelResetsOnlyTheOnlineJob() {
        CatalogCompatibility result = compare(entry(spending()), entry(spending().tileSize("5m")));

        assertThat(result.report()).isEqualTo("""
                the Freshet catalog is not compatible with its baseline: 1 incompatible change in 1 feature set
                user-spending:
                  INCOMPATIBLE tile size: 1m -> 5m (the online job's state and Redis hashes hold tiles of the old\
                 aggregations)
                    migrate: declare the changed feature set under a new name (such as "user-spending-v2"; the name\
                 identifies its checkpoints, Redis keys and Delta table) and retire this one, or reset it: stop the\
                 application, delete the checkpoint <checkpoint-root>/user-spending/online and the Redis keys\
                 <prefix>:user-spending:*, then start (docs/operations.md#restarts-and-upgrades)""");
    }

    @Test
    void aRemovedFeatureSetIsIncompatible() {
        CatalogCompatibility result = CatalogCompatibility.between(new CatalogDocument(1,
                List.of(entry(lastTransaction()), entry(spending()))), new CatalogDocument(1,
                List.of(entry(spending()))));

        assertThat(result.incompatible()).extracting(Finding::toString).containsExactly("last-transaction:"
                + " INCOMPATIBLE feature set removed (declared by com.example.UserTransactions); migrate: keep"
                + " declaring it until its clients are gone; then delete what its jobs wrote: the checkpoints"
                + " <checkpoint-root>/last-transaction/online and /offline, the Redis keys <prefix>:last-transaction:*"
                + " and its Delta table");
    }

    @Test
    void theReportListsIncompatibleChangesBeforeCompatibleOnes() {
        CatalogEntry before = entry(spending());
        CatalogEntry after = with(entry(spending().windows("1h")), "metadata", METADATA);

        String report = compare(before, after).report();

        assertThat(report.lines().filter(l -> l.startsWith("  ") && !l.startsWith("    ")).map(l -> l.strip().split(" ")[0]).distinct())
                .containsExactly("INCOMPATIBLE", "COMPATIBLE");
        assertThat(report).startsWith("the Freshet catalog is not compatible with its baseline: 1 incompatible"
                + " change in 1 feature set\nuser-spending:\n  INCOMPATIBLE window removed: 1d");
    }

    private Path write(String name, CatalogEntry... entries) throws IOException {
        Path file = tempDir.resolve(name);
        Files.writeString(file, new CatalogDocument(1, List.of(entries)).toJson());
        return file;
    }

    @Test
    void assertCompatibleReadsBothFilesAndThrowsTheReport() throws IOException {
        Path baseline = write("baseline.json", entry(spending()));
        Path same = write("same.json", with(entry(spending()), "metadata", METADATA));
        Path changed = write("changed.json", entry(spending().key("amount")));

        assertThat(CatalogCompatibility.assertCompatible(baseline, same).findings()).hasSize(4);
        assertThatExceptionOfType(IncompatibleCatalogException.class)
                .isThrownBy(() -> CatalogCompatibility.assertCompatible(baseline, changed))
                .withMessageStartingWith("the Freshet catalog is not compatible with its baseline: 1 incompatible"
                        + " change in 1 feature set\nuser-spending:\n  INCOMPATIBLE key: user_id STRING -> amount"
                        + " DOUBLE\n    migrate: declare")
                .satisfies(e -> assertThat(e.findings()).extracting(Finding::featureSet)
                        .containsExactly("user-spending"));
    }

    @Test
    void theBuildStepExitsWithTheVerdict() throws IOException {
        Path baseline = write("baseline.json", entry(spending()));
        Path changed = write("changed.json", entry(spending().tileSize("5m")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(CatalogCompatibility.run(new String[] {baseline.toString(), baseline.toString()}, o, e))
                .isZero();
        assertThat(CatalogCompatibility.run(new String[] {baseline.toString(), changed.toString()}, o, e))
                .isEqualTo(1);
        assertThat(CatalogCompatibility.run(new String[] {}, o, e)).isEqualTo(2);
        assertThat(CatalogCompatibility.run(new String[] {tempDir.resolve("missing.json").toString(),
                baseline.toString()}, o, e)).isEqualTo(2);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "the Freshet catalog is compatible with its baseline\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("INCOMPATIBLE tile size: 1m -> 5m", "usage: java "
                + "dev.freshet.core.catalog.CatalogCompatibility", "cannot check the Freshet catalog: cannot read the"
                + " Freshet catalog " + tempDir.resolve("missing.json"));
    }
}
