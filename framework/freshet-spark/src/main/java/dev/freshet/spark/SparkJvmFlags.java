package dev.freshet.spark;

import dev.freshet.core.error.FreshetException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.apache.spark.sql.SparkSession;

/**
 * The JVM flags a JVM that runs Spark 4.2 needs: Spark 4.2's {@code JavaModuleOptions}, which {@code spark-submit}
 * adds by itself, but an application started with {@code java -jar}, {@code spring-boot:run} or from an IDE does not
 * get. Without the {@code --add-opens} among them, Spark starts, and fails later, deep inside a job (reading a Delta
 * table fails with {@code EXPRESSION_DECODING_FAILED}, caused by {@code IllegalAccessException: ... class
 * sun.util.calendar.ZoneInfo}). {@link #check()} finds that out before anything runs, and says what to add:
 *
 * <pre>{@code
 * java -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector ... --enable-native-access=ALL-UNNAMED \
 *     -jar app.jar
 * }</pre>
 *
 * <p>This list is the only copy in code; the parent pom's {@code spark.jvm.flags} property, which the build's tests,
 * the sample and the benchmarks run with, must equal it ({@code SparkJvmFlagsTest} checks). It leaves out one flag of
 * Spark's list on purpose, {@code -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE}: it would turn
 * off host-name verification of every Netty TLS client in the JVM, Lettuce's connections to Redis included.
 */
public final class SparkJvmFlags {

    /** The flags, in the order of the parent pom's {@code spark.jvm.flags}. */
    public static final List<String> FLAGS = List.of(
            // Lets JVMs older than a flag (--sun-misc-unsafe-memory-access is JDK 23's) start anyway.
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private static final String ADD_OPENS = "--add-opens=";

    private SparkJvmFlags() {}

    /** {@link #FLAGS} on one line, separated by spaces: what to paste. */
    public static String line() {
        return String.join(" ", FLAGS);
    }

    /**
     * Checks that this JVM opens to Spark every package the {@code --add-opens} flags name. Freshet's engine checks
     * when it is built, and the Spring Boot starter before it creates a SparkSession.
     *
     * @throws FreshetException naming the packages that are not open and the flags to start the JVM with
     */
    public static void check() {
        Module spark = SparkSession.class.getModule();
        problem((module, pkg) -> ModuleLayer.boot().findModule(module)
                // A run-time image without the module (jlink) has nothing to open.
                .map(m -> m.isOpen(pkg, spark))
                .orElse(true))
                .ifPresent(message -> {
                    throw new FreshetException(null, message, null, false);
                });
    }

    /**
     * What is wrong with a JVM in which {@code isOpen} says whether a module (such as {@code java.base}) opens a
     * package (such as {@code java.nio}) to Spark: empty when every package of an {@code --add-opens} flag is open.
     */
    static Optional<String> problem(BiPredicate<String, String> isOpen) {
        List<String> closed = FLAGS.stream()
                .filter(flag -> flag.startsWith(ADD_OPENS))
                .map(flag -> flag.substring(ADD_OPENS.length(), flag.indexOf('=', ADD_OPENS.length())))
                .filter(target -> !isOpen.test(target.substring(0, target.indexOf('/')),
                        target.substring(target.indexOf('/') + 1)))
                .toList();
        if (closed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this JVM was started without the flags Spark 4.2 needs: " + String.join(", ", closed)
                + (closed.size() == 1 ? " is" : " are") + " not open to Spark, which would fail later, inside a job."
                + " Start the JVM with these flags, all on one line: in JAVA_TOOL_OPTIONS, in spring-boot:run's"
                + " <jvmArguments>, or after java and before -jar:\n" + line());
    }
}
