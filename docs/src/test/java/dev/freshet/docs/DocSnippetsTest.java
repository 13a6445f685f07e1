package dev.freshet.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of {@code README.md} and {@code docs/*.md} is a whole source file (package, imports, one public
 * type) and compiles, with Freshet's annotation processor, against the published modules: the blocks of one document
 * together, so that a feature set may use the source another block declares. An error names the document and the
 * line in it. The decision records ({@code docs/adr/}) are history and not checked.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of(System.getProperty("freshet.root", "..")).toAbsolutePath().normalize();
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum|@interface)\\s+(\\w+)");
    private static final Pattern ANY_TYPE = Pattern.compile(
            "(?m)^(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum|@interface)\\s+(\\w+)");

    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> theJavaBlocksOfEachDocumentCompile() throws IOException {
        return documents().stream()
                .map(MarkdownDocument::read)
                .filter(doc -> !doc.blocks("java").isEmpty())
                .map(doc -> DynamicTest.dynamicTest(ROOT.relativize(doc.path()).toString(), () -> compiles(doc)));
    }

    @Test
    void theReadmeAndTheDocsHaveJavaBlocks() throws IOException {
        long blocks = documents().stream().mapToLong(d -> MarkdownDocument.read(d).blocks("java").size()).sum();
        assertThat(blocks).as("Java blocks found (a broken reader would find none)").isGreaterThan(10);
    }

    @Test
    void theReadmesJvmFlagsAreTheBuildsSparkJvmFlags() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher flags = Pattern.compile("<spark.jvm.flags>([^<]+)</spark.jvm.flags>").matcher(pom);
        assertThat(flags.find()).isTrue();
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).as("the README's pom.xml and java -jar line give the flags the build tests with")
                .contains("<spark.jvm.flags>" + flags.group(1) + "</spark.jvm.flags>")
                .contains("JDK_JAVA_OPTIONS=\"" + flags.group(1) + "\"");
    }

    private void compiles(MarkdownDocument doc) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (MarkdownDocument.Block block : doc.blocks("java")) {
            sources.add(new Source(block));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createDirectories(out.resolve(doc.path().getFileName().toString()));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            StringWriter output = new StringWriter();
            boolean ok = javac.getTask(output, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                            "-s", classes.toString(), "-proc:full", "-Xlint:none", "-implicit:none"),
                    null, sources).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(DocSnippetsTest::describe)
                    .toList();
            assertThat(errors).as("compile errors in the Java blocks of %s", doc.path()).isEmpty();
            assertThat(ok).as("javac on the Java blocks of %s: %s", doc.path(), output).isTrue();
        }
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() instanceof Source source) {
            return source.block.document().getFileName() + ":" + (source.block.line() + d.getLineNumber())
                    + ": " + d.getMessage(Locale.ROOT);
        }
        return d.getMessage(Locale.ROOT);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** One block as a source file named after its public type, in its package's directory. */
    private static final class Source extends SimpleJavaFileObject {
        final MarkdownDocument.Block block;

        Source(MarkdownDocument.Block block) {
            super(URI.create("string:///" + path(block)), Kind.SOURCE);
            this.block = block;
        }

        private static String path(MarkdownDocument.Block block) {
            Matcher pkg = PACKAGE.matcher(block.text());
            Matcher type = PUBLIC_TYPE.matcher(block.text());
            if (!type.find()) {
                type = ANY_TYPE.matcher(block.text());
                if (!type.find()) {
                    throw new AssertionError(block.where() + ": a Java block must be a whole source file (package, "
                            + "imports and a type), not a fragment");
                }
            }
            return (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + type.group(1) + ".java";
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return block.text();
        }
    }
}
