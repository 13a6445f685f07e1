package dev.freshet.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The package rules behind the enforcer's banned dependencies: the processor and every adapter share the core, so it
 * must not reach for an engine, and the API users compile against must need nothing but the JDK.
 */
class CoreIsPureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.freshet.core");
    private static final JavaClasses API = new ClassFileImporter().importPackages("dev.freshet.api");

    @Test
    void coreKnowsNoEngine() {
        ArchRule rule = noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "io.delta..", "org.apache.kafka..", "io.lettuce..",
                        "org.springframework..")
                .because("the processor and every adapter share the core");

        rule.check(CORE);
    }

    @Test
    void apiDependsOnNothingButTheJdk() {
        ArchRule rule = classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.freshet.api..")
                .because("users compile against the API, which must not bring any library with it");

        rule.check(API);
    }

    @Test
    void importsTheClassesTheRulesAreAbout() {
        assertThat(CORE.containPackage("dev.freshet.core.record")).isTrue();
        assertThat(CORE.stream().noneMatch(c -> c.getSimpleName().endsWith("Test"))).isTrue();
        assertThat(API.containPackage("dev.freshet.api.spec")).isTrue();
    }
}
