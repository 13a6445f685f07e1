package dev.freshet.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine's package rules: which parts may know which store, and who starts queries. */
class EngineArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.freshet.spark");

    @Test
    void theOfflinePathKnowsNothingOfRedis() {
        noClasses().that().resideInAPackage("dev.freshet.spark.offline..")
                .should().dependOnClassesThat().resideInAPackage("dev.freshet.redis..")
                .because("the offline store, its jobs and point-in-time retrieval must not depend on the online"
                        + " store's key format or client; entity keys are encoded by the core")
                .check(ENGINE);
    }

    @Test
    void jobsWriteTheOnlineStoreOnlyThroughTheCoresInterface() {
        noClasses().that().resideInAnyPackage("dev.freshet.spark.job..", "dev.freshet.spark.online..",
                        "dev.freshet.spark.aggregate..", "dev.freshet.spark.pipeline..", "dev.freshet.spark.row..")
                .should().dependOnClassesThat().resideInAPackage("dev.freshet.redis..")
                .because("jobs write through dev.freshet.core.store.OnlineStore, so another store (or a test's"
                        + " failing one) can stand in for Redis")
                .check(ENGINE);
    }

    @Test
    void onlyTheJobStarterStartsStreamingQueries() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.freshet.spark.job.JobStarter")
                .should().callMethod(org.apache.spark.sql.Dataset.class, "writeStream")
                .because("every kind of job is a JobDefinition started by the one starter")
                .check(ENGINE);
    }

    @Test
    void importsTheClassesTheRulesAreAbout() {
        assertThat(ENGINE.containPackage("dev.freshet.spark.offline")).isTrue();
        assertThat(ENGINE.containPackage("dev.freshet.spark.job")).isTrue();
    }
}
