package dev.freshet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.error.FreshetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real JVM started without Spark's flags: building an engine stops at once with the flags to add, and the line it
 * prints, pasted into {@code JAVA_TOOL_OPTIONS}, gives a JVM that passes. (This JVM has the flags; each case starts a
 * child JVM on the same class path.)
 */
class SparkJvmFlagsIT {

    @Test
    void anEngineInAJvmWithoutTheFlagsStopsWithTheFlagsToAdd() throws Exception {
        Child child = run(null, "engine");

        assertThat(child.exit()).as(child.output()).isEqualTo(2);
        assertThat(child.output()).contains("FreshetException: this JVM was started without the flags Spark 4.2"
                + " needs: java.base/java.lang, java.base/java.lang.invoke,")
                .contains("sun.util.calendar")
                .endsWith("\n" + SparkJvmFlags.line() + "\n");
    }

    @Test
    void thePrintedLineInJavaToolOptionsOpensEveryPackage() throws Exception {
        Child child = run(SparkJvmFlags.line(), "check");

        assertThat(child.exit()).as(child.output()).isZero();
        assertThat(child.output()).contains("every package is open");
    }

    private static Child run(String javaToolOptions, String what) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), what)).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (javaToolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        return new Child(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Child(int exit, String output) {}

    /** The child JVM: builds an engine (the check comes first), or only checks. */
    public static final class Main {
        public static void main(String[] args) {
            try {
                if (args[0].equals("engine")) {
                    FreshetEngine.builder().build();
                } else {
                    SparkJvmFlags.check();
                }
                System.out.println("every package is open");
            } catch (FreshetException e) {
                System.out.println(e);
                System.exit(2);
            }
        }
    }
}
