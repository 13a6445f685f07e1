package dev.freshet.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Test data: one compilation unit with a {@code @KafkaSource} record and a {@code @StreamingFeatureSet} class, each
 * annotation attribute on a line of its own, so that tests can ask where an attribute's value is ({@link #line},
 * {@link #column}) and assert that the processor's error points exactly there. Defaults describe a valid row-level
 * feature set over the transactions source.
 */
final class Declaration {

    private final String className;
    private String sourceAnnotation = "@KafkaSource(name = \"transaction_stream\", topics = \"transactions\")";
    private String recordHeader = "record Transaction(";
    private final List<String> components = new ArrayList<>(List.of(
            "String user_id", "double amount", "boolean is_remote", "Instant timestamp"));
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private String classKind = "class";
    private String extra = "";
    private String annotations = "";
    private String body = "";
    private List<String> rendered;

    private Declaration(String className) {
        this.className = className;
        attributes.put("name", "\"user-transactions\"");
        attributes.put("key", "\"user_id\"");
        attributes.put("source", "\"transaction_stream\"");
        attributes.put("timestamp", "\"timestamp\"");
        attributes.put("sql", "\"SELECT user_id, amount, is_remote, timestamp FROM transaction_stream\"");
    }

    /** A valid feature set on class {@code UserTransactions}. */
    static Declaration aFeatureSet() {
        return new Declaration("UserTransactions");
    }

    /** The same on another class. */
    static Declaration aFeatureSet(String className) {
        return new Declaration(className);
    }

    /** Sets attribute {@code name} of {@code @StreamingFeatureSet} to the Java expression {@code value}. */
    Declaration with(String name, String value) {
        attributes.put(name, value);
        rendered = null;
        return this;
    }

    /** Removes attribute {@code name} (its default applies). */
    Declaration without(String name) {
        attributes.remove(name);
        rendered = null;
        return this;
    }

    /** Replaces the source annotation (one or more lines). */
    Declaration source(String annotation) {
        this.sourceAnnotation = annotation;
        rendered = null;
        return this;
    }

    /** Replaces the record's components. */
    Declaration components(String... components) {
        this.components.clear();
        this.components.addAll(List.of(components));
        rendered = null;
        return this;
    }

    /** Declares the source on a {@code class} (or another kind) instead of a record. */
    Declaration sourceKind(String header) {
        this.recordHeader = header;
        rendered = null;
        return this;
    }

    /** Puts the feature-set annotation on an {@code interface} (or another kind). */
    Declaration kind(String kind) {
        this.classKind = kind;
        rendered = null;
        return this;
    }

    /**
     * Declares {@code members} in the feature-set class, and imports {@code org.apache.spark.sql.Dataset},
     * {@code Row} and {@code SparkSession} for them.
     */
    Declaration body(String members) {
        this.body = members;
        rendered = null;
        return this;
    }

    /** Puts {@code annotations} (one or more lines) on the feature-set class, before its {@code @StreamingFeatureSet}. */
    Declaration annotate(String annotations) {
        this.annotations = annotations;
        rendered = null;
        return this;
    }

    /** Appends further declarations to the compilation unit. */
    Declaration plus(String declarations) {
        this.extra = declarations;
        rendered = null;
        return this;
    }

    /** The source lines. */
    List<String> lines() {
        if (rendered == null) {
            List<String> lines = new ArrayList<>();
            lines.add("package test;");
            lines.add("");
            lines.add("import static dev.freshet.api.AggregateFunction.*;");
            lines.add("import dev.freshet.api.*;");
            lines.add("import java.time.Instant;");
            lines.add("import java.time.LocalDate;");
            lines.add("import java.util.List;");
            lines.add("import java.util.Optional;");
            if (!body.isEmpty()) {
                lines.add("import org.apache.spark.sql.Dataset;");
                lines.add("import org.apache.spark.sql.Row;");
                lines.add("import org.apache.spark.sql.SparkSession;");
            }
            lines.add("");
            lines.addAll(List.of(sourceAnnotation.split("\n")));
            if (recordHeader.startsWith("record")) {
                lines.add(recordHeader);
                for (int i = 0; i < components.size(); i++) {
                    lines.add("        " + components.get(i) + (i < components.size() - 1 ? "," : ") {}"));
                }
            } else {
                lines.add(recordHeader + " {}");
            }
            lines.add("");
            if (!annotations.isEmpty()) {
                lines.addAll(List.of(annotations.split("\n")));
            }
            lines.add("@StreamingFeatureSet(");
            List<String> names = new ArrayList<>(attributes.keySet());
            for (int i = 0; i < names.size(); i++) {
                lines.add("    " + names.get(i) + " = " + attributes.get(names.get(i))
                        + (i < names.size() - 1 ? "," : ")"));
            }
            if (body.isEmpty()) {
                lines.add(classKind + " " + className + " {}");
            } else {
                lines.add(classKind + " " + className + " {");
                lines.addAll(List.of(body.split("\n")));
                lines.add("}");
            }
            if (!extra.isEmpty()) {
                lines.addAll(List.of(extra.split("\n")));
            }
            rendered = lines;
        }
        return rendered;
    }

    /** The compilation unit. */
    JavaFileObject file() {
        return JavaFileObjects.forSourceLines("test." + className, lines());
    }

    /** The 1-based line of attribute {@code name}. */
    int line(String name) {
        return lineStarting("    " + name + " = ");
    }

    /** The 1-based column of {@code text} on attribute {@code name}'s line. */
    long column(String name, String text) {
        return columnOf(line(name), text);
    }

    /** The 1-based line of the first line containing {@code text}. */
    int lineOf(String text) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line contains " + text + ":\n" + String.join("\n", lines));
    }

    /** The 1-based column of {@code text} on line {@code line}. */
    long columnOf(int line, String text) {
        int at = lines().get(line - 1).indexOf(text);
        if (at < 0) {
            throw new IllegalArgumentException("line " + line + " has no " + text);
        }
        return at + 1;
    }

    private int lineStarting(String prefix) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no attribute line " + prefix);
    }
}
