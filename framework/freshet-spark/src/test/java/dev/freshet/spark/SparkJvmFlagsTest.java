package dev.freshet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The JVM flags Spark needs: one list, equal to the build's, and the message of a JVM started without them. */
class SparkJvmFlagsTest {

    @Test
    void theFlagsAreTheParentPomsSparkJvmFlags() throws Exception {
        // The module's directory is framework/freshet-spark; the parent pom is two levels up.
        Path pom = Path.of(System.getProperty("basedir", ".")).resolve("../../pom.xml").normalize();
        Document parent = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        String property = parent.getElementsByTagName("spark.jvm.flags").item(0).getTextContent();

        assertThat(SparkJvmFlags.FLAGS).as("spark.jvm.flags of %s", pom)
                .containsExactlyElementsOf(Arrays.asList(property.trim().split("\\s+")));
    }

    @Test
    void theFlagsAreSparksOwnButForNettysEndpointVerification() {
        List<String> spark = Arrays.asList(JavaModuleOptions.defaultModuleOptionArray());

        assertThat(spark).containsAll(SparkJvmFlags.FLAGS);
        assertThat(spark.stream().filter(flag -> !SparkJvmFlags.FLAGS.contains(flag)))
                .containsExactly("-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE");
    }

    @Test
    void aJvmThatOpensEveryPackageHasNoProblem() {
        assertThat(SparkJvmFlags.problem((module, pkg) -> true)).isEmpty();
    }

    @Test
    void namesEachPackageThatIsNotOpenAndPrintsEveryFlagOnOneLine() {
        Set<String> closed = Set.of("java.base/java.nio", "java.base/sun.util.calendar");

        assertThat(SparkJvmFlags.problem((module, pkg) -> !closed.contains(module + "/" + pkg))).contains(
                "this JVM was started without the flags Spark 4.2 needs: java.base/java.nio,"
                        + " java.base/sun.util.calendar are not open to Spark, which would fail later, inside a job."
                        + " Start the JVM with these flags, all on one line: in JAVA_TOOL_OPTIONS, in"
                        + " spring-boot:run's <jvmArguments>, or after java and before -jar:\n"
                        + "-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector"
                        + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
                        + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED"
                        + " --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
                        + " --add-opens=java.base/java.util=ALL-UNNAMED"
                        + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
                        + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
                        + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
                        + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
                        + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
                        + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
                        + " --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
                        + " -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled"
                        + " --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED");
    }

    @Test
    void oneClosedPackageIsNamedAlone() {
        assertThat(SparkJvmFlags.problem((module, pkg) -> !pkg.equals("sun.security.krb5"))).hasValueSatisfying(
                message -> assertThat(message).startsWith("this JVM was started without the flags Spark 4.2 needs:"
                        + " java.security.jgss/sun.security.krb5 is not open to Spark,"));
    }

    @Test
    void theTestJvmStartedWithTheFlagsPassesTheCheck() {
        assertThatCode(SparkJvmFlags::check).doesNotThrowAnyException();
    }
}
