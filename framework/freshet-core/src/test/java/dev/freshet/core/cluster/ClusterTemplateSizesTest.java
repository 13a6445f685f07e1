package dev.freshet.core.cluster;

import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.job.JobKind;
import dev.freshet.core.error.FreshetException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTemplateSizesTest {

    private static final FeatureSetSpec SMALL_ONLINE_LARGE_OFFLINE = aFeatureSet()
            .clusterTemplates(new ClusterTemplatesSpec(ClusterTemplate.SMALL, ClusterTemplate.LARGE,
                    ClusterTemplate.MEDIUM))
            .build();

    @Test
    void theSmallSizeGivesEverySparkSettingOfItsDefaults() {
        assertThat(ClusterTemplateSizes.defaults().sparkConf(SMALL_ONLINE_LARGE_OFFLINE, JobKind.ONLINE))
                .containsExactly(
                        entry("spark.driver.cores", "1"),
                        entry("spark.driver.memory", "2g"),
                        entry("spark.executor.cores", "2"),
                        entry("spark.executor.memory", "4g"),
                        entry("spark.executor.instances", "2"),
                        entry("spark.sql.shuffle.partitions", "8"));
    }

    @Test
    void eachJobKindGetsTheSizeDeclaredForIt() {
        ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults();
        assertThat(ClusterTemplateSizes.template(SMALL_ONLINE_LARGE_OFFLINE, JobKind.ONLINE))
                .isEqualTo(ClusterTemplate.SMALL);
        assertThat(sizes.resources(SMALL_ONLINE_LARGE_OFFLINE, JobKind.OFFLINE))
                .isEqualTo(sizes.resources(ClusterTemplate.LARGE));
        assertThat(ClusterTemplateSizes.template(SMALL_ONLINE_LARGE_OFFLINE, JobKind.BACKFILL))
                .isEqualTo(ClusterTemplate.MEDIUM);
    }

    @Test
    void aCatalogEntrysTemplatesGiveTheSameSizesAsItsSpec() {
        for (JobKind kind : JobKind.values()) {
            assertThat(ClusterTemplateSizes.template(SMALL_ONLINE_LARGE_OFFLINE.clusterTemplates(), kind))
                    .as(kind.label()).isEqualTo(ClusterTemplateSizes.template(SMALL_ONLINE_LARGE_OFFLINE, kind));
        }
    }

    @Test
    void aFeatureSetWithoutTemplatesRunsEveryJobOnMedium() {
        FeatureSetSpec plain = aFeatureSet().build();
        for (JobKind kind : JobKind.values()) {
            assertThat(ClusterTemplateSizes.template(plain, kind)).as(kind.label()).isEqualTo(ClusterTemplate.MEDIUM);
        }
    }

    /** Each size doubles the executor cores, memory and shuffle partitions of the one below. */
    @Test
    void theDefaultsDoubleFromOneSizeToTheNext() {
        ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults();
        ClusterTemplate[] ladder = ClusterTemplate.values();
        for (int i = 1; i < ladder.length; i++) {
            SparkResources below = sizes.resources(ladder[i - 1]);
            SparkResources size = sizes.resources(ladder[i]);
            assertThat((long) size.executors() * size.executorCores()).as(ladder[i].name())
                    .isEqualTo(2L * below.executors() * below.executorCores());
            assertThat(size.executors() * size.executorMemory().mebibytes()).as(ladder[i].name())
                    .isEqualTo(2 * below.executors() * below.executorMemory().mebibytes());
            assertThat(size.shufflePartitions()).as(ladder[i].name()).isEqualTo(2 * below.shufflePartitions());
            assertThat(size.driverMemory().mebibytes()).as(ladder[i].name())
                    .isGreaterThanOrEqualTo(below.driverMemory().mebibytes());
        }
    }

    @Test
    void anOverriddenSizeChangesOnlyThatSize() {
        SparkResources tiny = new SparkResources(1, SparkMemory.parse("512m"), 1, SparkMemory.parse("1g"), 1, 2);
        ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults().with(ClusterTemplate.SMALL, tiny);

        assertThat(sizes.resources(ClusterTemplate.SMALL)).isEqualTo(tiny);
        assertThat(sizes.sparkConf(SMALL_ONLINE_LARGE_OFFLINE, JobKind.ONLINE))
                .containsEntry("spark.driver.memory", "512m").containsEntry("spark.sql.shuffle.partitions", "2");
        assertThat(sizes.resources(ClusterTemplate.MEDIUM))
                .isEqualTo(ClusterTemplateSizes.defaults().resources(ClusterTemplate.MEDIUM));
        assertThat(ClusterTemplateSizes.defaults().resources(ClusterTemplate.SMALL)).isNotEqualTo(tiny);
    }

    @Test
    void aJobsSizeIsDescribedForLogs() {
        assertThat(ClusterTemplateSizes.defaults().describe(SMALL_ONLINE_LARGE_OFFLINE, JobKind.ONLINE))
                .isEqualTo("cluster template SMALL (driver 1 core 2g, 2 executors × 2 cores 4g, 8 shuffle"
                        + " partitions)");
    }

    @Test
    void resourcesRefuseACountThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SparkResources(1, SparkMemory.parse("1g"), 0,
                SparkMemory.parse("1g"), 1, 1)).withMessage("executorCores must be positive, not 0");
    }

    @Test
    void aBackfillTemplateNeedsABackfill() {
        assertThatIllegalArgumentException().isThrownBy(() -> aFeatureSet()
                .clusterTemplates(new ClusterTemplatesSpec(ClusterTemplate.MEDIUM, ClusterTemplate.MEDIUM,
                        ClusterTemplate.LARGE))
                .build())
                .withMessage("feature set \"user-transactions\" has a backfill cluster template (LARGE) but no"
                        + " backfill: remove it, or declare the backfill");
    }

    @Test
    void propertiesOverrideASizeValueByValueInAnyCase() {
        ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults().withProperties(Map.of(
                "freshet.cluster-templates.SMALL.executors", "3",
                "freshet.cluster-templates.small.driver-memory", "1536m",
                "freshet.checkpoint-root", "s3a://elsewhere"));
        SparkResources small = ClusterTemplateSizes.defaults().resources(ClusterTemplate.SMALL);

        assertThat(sizes.resources(ClusterTemplate.SMALL)).isEqualTo(new SparkResources(small.driverCores(),
                new SparkMemory(1536), small.executorCores(), small.executorMemory(), 3, small.shufflePartitions()));
        assertThat(sizes.resources(ClusterTemplate.LARGE))
                .isEqualTo(ClusterTemplateSizes.defaults().resources(ClusterTemplate.LARGE));
    }

    @Test
    void anUnknownResourceIsRefusedWithTheClosestName() {
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> ClusterTemplateSizes.defaults()
                .withProperties(Map.of("freshet.cluster-templates.large.executor", "2")))
                .withMessage("property freshet.cluster-templates.large.executor = \"2\" names no resource of a size;"
                        + " did you mean \"executors\"? use one of driver-cores, driver-memory, executor-cores,"
                        + " executor-memory, executors, shuffle-partitions");
    }

    @Test
    void aCountThatIsNoNumberIsRefused() {
        assertThatExceptionOfType(FreshetException.class).isThrownBy(() -> ClusterTemplateSizes.defaults()
                .withProperties(Map.of("freshet.cluster-templates.medium.executors", "four")))
                .withMessage("property freshet.cluster-templates.medium.executors = \"four\" is not a whole number;"
                        + " use 1 or more, or leave it unset for the size's default (4)");
    }
}
