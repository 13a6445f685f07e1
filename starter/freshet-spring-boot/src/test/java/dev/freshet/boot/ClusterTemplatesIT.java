package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.core.cluster.SparkMemory;
import dev.freshet.core.cluster.SparkResources;
import dev.freshet.testsupport.SharedSpark;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code freshet.cluster-templates.<size>.*}: the resolved sizes bean, overrides of single values, and a bad value or
 * size failing the start with the fix. The jobs are switched off; Spark is the JVM's shared session.
 */
class ClusterTemplatesIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    FreshetAutoConfiguration.class))
            .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(aFeatureSet().build())))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:19092", "freshet.offline.enabled=false",
                    "freshet.online.enabled=false");

    @BeforeAll
    static void sharedSpark() {
        SharedSpark.session();
    }

    @Test
    void withoutPropertiesTheSizesAreTheDefaults() {
        runner.run(context -> assertThat(context.getBean(ClusterTemplateSizes.class))
                .isEqualTo(ClusterTemplateSizes.defaults()));
    }

    @Test
    void eachGivenValueReplacesThatValueOfItsSizeOnly() {
        runner.withPropertyValues("freshet.cluster-templates.small.driver-memory=1536m",
                "freshet.cluster-templates.small.executors=3", "freshet.cluster-templates.xlarge.driver-cores=3",
                "freshet.cluster-templates.xlarge.driver-memory=6g", "freshet.cluster-templates.xlarge.executor-cores=5",
                "freshet.cluster-templates.xlarge.executor-memory=10g", "freshet.cluster-templates.xlarge.executors=12",
                "freshet.cluster-templates.xlarge.shuffle-partitions=100").run(context -> {
                    ClusterTemplateSizes sizes = context.getBean(ClusterTemplateSizes.class);
                    SparkResources small = ClusterTemplateSizes.defaults().resources(ClusterTemplate.SMALL);
                    assertThat(sizes.resources(ClusterTemplate.SMALL)).isEqualTo(new SparkResources(
                            small.driverCores(), new SparkMemory(1536), small.executorCores(),
                            small.executorMemory(), 3, small.shufflePartitions()));
                    assertThat(sizes.resources(ClusterTemplate.XLARGE)).isEqualTo(new SparkResources(3,
                            SparkMemory.gibibytes(6), 5, SparkMemory.gibibytes(10), 12, 100));
                    assertThat(sizes.resources(ClusterTemplate.MEDIUM))
                            .isEqualTo(ClusterTemplateSizes.defaults().resources(ClusterTemplate.MEDIUM));
                });
    }

    @Test
    void aCountThatIsNotPositiveFailsTheStartWithTheFix() {
        runner.withPropertyValues("freshet.cluster-templates.large.executors=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage("property"
                    + " freshet.cluster-templates.large.executors = \"0\" is not positive; use 1 or more, or leave it"
                    + " unset for the size's default (4)");
        });
    }

    @Test
    void memoryNotWrittenAsMebibytesOrGibibytesFailsTheStartWithTheFix() {
        runner.withPropertyValues("freshet.cluster-templates.small.executor-memory=4GB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage("property"
                    + " freshet.cluster-templates.small.executor-memory = \"4GB\" is not an amount of memory: write a"
                    + " positive whole number of mebibytes or gibibytes, such as 512m or 4g (the size's default is"
                    + " 4g)");
        });
    }

    @Test
    void anUnknownSizeFailsTheStartWithASuggestion() {
        runner.withPropertyValues("freshet.cluster-templates.lage.executors=2").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage("property freshet.cluster-templates.lage"
                    + " = \"lage\" names no cluster-template size; did you mean \"large\"? use one of small, medium,"
                    + " large, xlarge, xxlarge");
        });
    }
}
