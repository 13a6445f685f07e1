package dev.freshet.core.catalog;

import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.BatchFormat;
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
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.core.error.FreshetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogDocumentTest {

    @TempDir
    Path tempDir;

    private static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");

    /** An aggregated feature set with every optional part: tags, a secured sink and a backfill. */
    private static CatalogEntry spending() {
        CatalogEntry plain = CatalogEntry.of(aFeatureSet().name("user-spending").windows("1h", "1d").tileSize("1h")
                .aggregate(AggregateFunction.SUM, "amount").aggregate(AggregateFunction.COUNT, "amount", "n").build());
        KafkaSecuritySpec scram = new KafkaSecuritySpec(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512,
                "kafka-user", "kafka-password", "kafka-ca", "", "", "");
        BatchSourceSpec history = new BatchSourceSpec("transaction_history", BatchFormat.PARQUET, "/data/history",
                false, "timestamp", List.of(new ColumnSpec("user_id", ValueType.STRING),
                        new ColumnSpec("timestamp", ValueType.TIMESTAMP)),
                Map.of("mergeSchema", "true", "header", "false"), "com.example.History");
        return new CatalogEntry(plain.name(), plain.declaringClass(), new MetadataSpec("risk-team", "Spend",
                "User spending", List.of("fraud", "payments")), plain.key(), plain.timestampColumn(), plain.source(),
                plain.transform(), plain.outputColumns(), plain.features(), plain.aggregations(), plain.tilePlan(),
                plain.onlineTrigger(), plain.offlineSchedule(), plain.onlineTtl(),
                List.of(new KafkaSinkSpec("updates", "user-updates", "", "alerts-cluster", SinkFormat.JSON,
                        AttachmentPoint.OFFLINE, scram)),
                Optional.of(new CatalogEntry.Backfill(JANUARY, MARCH, "SELECT * FROM transaction_history",
                        Optional.empty(), List.of(new BackfillSpec.Source(history, JANUARY, MARCH)))),
                new ClusterTemplatesSpec(ClusterTemplate.SMALL, ClusterTemplate.MEDIUM, ClusterTemplate.XLARGE));
    }

    private static CatalogEntry rowLevel(String name) {
        return CatalogEntry.of(aFeatureSet().name(name).declaringClass("com.example." + name.replace("-", ""))
                .build());
    }

    private static CatalogDocument read(String json) {
        return CatalogDocument.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatItWritesReadsBackEqual() {
        CatalogDocument document = new CatalogDocument(1, List.of(spending(), rowLevel("last-transaction")));

        assertThat(read(document.toJson())).isEqualTo(document);
    }

    @Test
    void writesEachJobsClusterTemplateAndReadsACatalogWithoutThemAsAllMedium() {
        String json = new CatalogDocument(1, List.of(spending())).toJson();
        assertThat(json).containsSubsequence("\"templates\" : {", "\"online\" : \"SMALL\"",
                "\"offline\" : \"MEDIUM\"", "\"backfill\" : \"XLARGE\"", "}");
        assertThat(read(json).featureSets().get(0).templates())
                .isEqualTo(new ClusterTemplatesSpec(ClusterTemplate.SMALL, ClusterTemplate.MEDIUM, ClusterTemplate.XLARGE));

        CatalogEntry older = read(json.replaceAll(",\\s*\"templates\" : \\{[^}]*\\}", "")).featureSets().get(0);
        assertThat(older.templates()).isEqualTo(ClusterTemplatesSpec.DEFAULT);
    }

    @Test
    void givesAnEntryAsTheTreeOfItsJsonWithNullsForAbsentParts() {
        Map<String, Object> tree = CatalogDocument.tree(rowLevel("last-transaction"));
        Map<String, Object> spending = CatalogDocument.tree(spending());

        assertThat(tree.keySet()).startsWith("name", "declaringClass", "metadata", "key").endsWith("backfill",
                "templates");
        assertThat(tree).containsEntry("name", "last-transaction").containsEntry("backfill", null)
                .containsEntry("tilePlan", null).containsEntry("templates",
                        Map.of("online", "MEDIUM", "offline", "MEDIUM", "backfill", "MEDIUM"));
        assertThat(tree.get("key")).isEqualTo(List.of(Map.of("name", "user_id", "type", "STRING")));
        assertThat(spending.get("metadata")).isEqualTo(Map.of("owner", "risk-team", "description", "Spend",
                "displayName", "User spending", "tags", List.of("fraud", "payments")));
        assertThat(((Map<?, ?>) spending.get("backfill")).get("start")).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void listsFeatureSetsSortedByNameWhateverTheOrderGiven() {
        CatalogDocument document = new CatalogDocument(1, List.of(rowLevel("zeta"), rowLevel("alpha")));

        assertThat(document.featureSets()).extracting(CatalogEntry::name).containsExactly("alpha", "zeta");
        assertThat(document.toJson().indexOf("\"alpha\"")).isLessThan(document.toJson().indexOf("\"zeta\""));
        assertThat(document.featureSet("zeta")).contains(rowLevel("zeta"));
        assertThat(document.featureSet("beta")).isEmpty();
    }

    @Test
    void writesTheSameTextForTheSameFeatureSets() {
        assertThat(new CatalogDocument(1, List.of(spending(), rowLevel("a"))).toJson())
                .isEqualTo(new CatalogDocument(1, List.of(rowLevel("a"), spending())).toJson());
    }

    @Test
    void writesSecretNamesAndConnectionNamesOnly() {
        String json = new CatalogDocument(1, List.of(spending())).toJson();

        assertThat(json).contains("\"passwordSecret\" : \"kafka-password\"", "\"connection\" : \"alerts-cluster\"",
                "\"tags\" : [\n          \"fraud\",\n          \"payments\"\n        ]");
    }

    @Test
    void skipsMembersItDoesNotKnowAsLaterVersionsOfTheSameFormatAddThem() {
        CatalogDocument document = new CatalogDocument(1, List.of(rowLevel("last-transaction")));
        String later = document.toJson().replace("\"name\" : \"last-transaction\",",
                "\"name\" : \"last-transaction\",\n      \"templates\" : { \"online\" : \"MEDIUM\", \"sizes\" : [ 1, 2.5,"
                        + " true, null ] },");

        assertThat(later).contains("templates");
        assertThat(read(later)).isEqualTo(document);
    }

    @Test
    void refusesALaterCatalogVersionSayingWhichFreshetToUse() {
        String json = new CatalogDocument(1, List.of(rowLevel("a"))).toJson()
                .replace("\"catalogVersion\" : 1", "\"catalogVersion\" : 2");

        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> read(json)).withMessage(
                "the Freshet catalog META-INF/freshet/catalog.json has catalogVersion 2, but this Freshet reads"
                        + " catalogVersion 1 (and none later): upgrade Freshet on the reading side to the version that"
                        + " built that jar, or rebuild the jar with this Freshet");
    }

    @Test
    void aMissingMemberIsNamedByItsPath() {
        String json = new CatalogDocument(1, List.of(rowLevel("a"))).toJson()
                .replace("\"offlineSchedule\" : \"*/30 * * * *\",", "");

        assertThat(json).doesNotContain("offlineSchedule");
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> read(json)).withMessage(
                "cannot read the Freshet catalog META-INF/freshet/catalog.json at featureSets[0].offlineSchedule: the"
                        + " member is missing; it is generated by Freshet's annotation processor: rebuild the module"
                        + " that holds it rather than editing it");
    }

    @Test
    void aMemberOfTheWrongKindOrAnUnknownConstantIsNamedByItsPath() {
        String json = new CatalogDocument(1, List.of(rowLevel("a"))).toJson();

        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> read(json.replace("\"topics\" : [", "\"topics\" : 3, \"x\" : [")))
                .withMessageContaining("at featureSets[0].source.topics: expected an array, found 3;");
        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> read(json.replace("\"kind\" : \"SQL\"", "\"kind\" : \"SCALA\"")))
                .withMessageContaining("at featureSets[0].transform.kind: \"SCALA\" is not one of [SQL, RECORD,"
                        + " SQL_THEN_RECORD, DATASET];");
        assertThatExceptionOfType(FreshetException.class)
                .isThrownBy(() -> read(json.replace("\"onlineTrigger\" : \"PT5S\"", "\"onlineTrigger\" : \"5s\"")))
                .withMessageContaining("at featureSets[0].onlineTrigger: \"5s\" is not an ISO-8601 duration, such as"
                        + " PT1H;");
    }

    @Test
    void valuesTheSpecsRefuseAreNamedByThePathOfTheirObject() {
        String json = new CatalogDocument(1, List.of(spending())).toJson()
                .replace("\"payments\"\n", "\"fraud\"\n");

        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> read(json)).withMessageContaining(
                "at featureSets[0].metadata: tag \"fraud\" is listed twice: list each tag once;");
    }

    @Test
    void textThatIsNotJsonIsRefusedWithWhere() {
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> read("{\"catalogVersion\" : 1,\n  oops"))
                .withMessageStartingWith("cannot read the Freshet catalog META-INF/freshet/catalog.json: it is not"
                        + " JSON (")
                .withMessageContaining("at line 2, column");
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> read(""))
                .withMessageStartingWith("cannot read the Freshet catalog META-INF/freshet/catalog.json: it is empty;");
    }

    @Test
    void discoversEveryCatalogOnTheClassPath() throws IOException {
        Path first = jar("first", new CatalogDocument(1, List.of(spending())));
        Path second = jar("second", new CatalogDocument(1, List.of(rowLevel("alpha"), rowLevel("omega"))));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                null)) {
            CatalogDocument all = CatalogDocument.discover(loader);

            assertThat(all.catalogVersion()).isEqualTo(1);
            assertThat(all.featureSets()).containsExactly(rowLevel("alpha"), rowLevel("omega"), spending());
        }
    }

    @Test
    void aClassPathWithoutCatalogsHasAnEmptyOne() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tempDir.toUri().toURL()}, null)) {
            assertThat(CatalogDocument.discover(loader).featureSets()).isEmpty();
        }
    }

    @Test
    void twoCatalogsDescribingOneNameAreRefused() throws IOException {
        Path first = jar("first", new CatalogDocument(1, List.of(rowLevel("alpha"))));
        CatalogEntry other = rowLevel("alpha");
        CatalogEntry moved = new CatalogEntry(other.name(), "com.example.Other", other.metadata(), other.key(),
                other.timestampColumn(), other.source(), other.transform(), other.outputColumns(), other.features(),
                other.aggregations(), other.tilePlan(), other.onlineTrigger(), other.offlineSchedule(),
                other.onlineTtl(), other.sinks(), other.backfill(), other.templates());
        Path second = jar("second", new CatalogDocument(1, List.of(moved)));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                null)) {
            assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> CatalogDocument.discover(loader))
                    .withMessage("feature set \"alpha\": declared twice on the class path, by com.example.alpha and"
                            + " com.example.Other; feature-set names must be unique: rename one");
        }
    }

    /** A class directory named {@code name} holding {@code document} as its catalog. */
    private Path jar(String name, CatalogDocument document) throws IOException {
        Path root = tempDir.resolve(name);
        Path file = root.resolve(CatalogDocument.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, document.toJson(), StandardCharsets.UTF_8);
        return root;
    }
}
