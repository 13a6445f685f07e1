package dev.freshet.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BackfillTransformSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.schema.SqlTypeNames;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import dev.freshet.processor.generation.BackfillTransformReference;
import dev.freshet.processor.model.BackfillDeclaration;
import dev.freshet.processor.model.BackfillTransformDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.FunctionDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.sql.SqlAnalysis;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Checks a feature set's {@code @Backfill}: that the feature set aggregates, its range (instants, start before end,
 * the end on a tile boundary), its batch sources (known, each once, each sub-range inside the range) and its SQL or its
 * {@code @BackfillTransform} method. The SQL is analysed over the sources as views of their declared columns, and its
 * output must hold the stream source's columns with their types; when a source's schema is read from the data, the
 * SQL is only parsed here and its columns are checked when the job starts, with the same message. Of a transform
 * method only the shape is checked here (public, static, not generic, no checked exceptions, {@code SparkSession} in,
 * {@code Dataset<Row>} out): what it returns is checked when the backfill runs it. The value is the backfill's spec,
 * empty without a {@code @Backfill}.
 */
public final class BackfillValidator {

    private final SparkSqlAnalyzer analyzer;

    /** A validator analysing backfill SQL with {@code analyzer}. */
    public BackfillValidator(SparkSqlAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * A batch source the backfill reads, resolved.
     *
     * @param spec  its spec, or empty if it has errors (reported on it)
     * @param start where it is read from
     * @param end   where it is read up to
     */
    private record Read(Optional<BatchSourceSpec> spec, Instant start, Instant end) {
    }

    /**
     * What is wrong with the backfill of {@code declaration}, windowed as {@code windowing} (if valid), over the stream
     * {@code source}, with batch sources from {@code sources}; {@code functions} are the compilation's SQL functions,
     * which the backfill SQL may not call. Its spec (empty without a backfill) if nothing is.
     */
    public ValidationReport<Optional<BackfillSpec>> validate(FeatureSetDeclaration declaration,
            Optional<AggregationValidator.Windowing> windowing, KafkaSourceSpec source, Sources sources,
            Functions functions) {
        ValidationReport.Builder<Optional<BackfillSpec>> report = ValidationReport.about(declaration.element());
        List<BackfillTransformDeclaration> transforms = declaration.backfillTransforms();
        if (declaration.backfill().isEmpty()) {
            for (BackfillTransformDeclaration t : transforms) {
                report.error(t.method(), t.annotation(), null, Message.BACKFILL_TRANSFORM_WITHOUT_BACKFILL,
                        t.describe(), declaration.effectiveName(), declaration.element().getSimpleName());
            }
            return report.build(Optional::empty);
        }
        BackfillDeclaration b = declaration.backfill().get();
        if (declaration.aggregations().isEmpty()) {
            return report.error(declaration.element(), b.annotation(), null, Message.BACKFILL_NOT_AGGREGATED,
                    declaration.effectiveName()).build();
        }
        Optional<Instant> start = instant(b.start(), "the backfill's start", report);
        Optional<Instant> end = instant(b.end(), "the backfill's end", report);
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            report.error(b.start(), Message.BACKFILL_RANGE, start.get(), end.get());
        } else if (end.isPresent() && windowing.isPresent()) {
            aligned(b.end(), end.get(), windowing.get(), report);
        }
        if (b.sources().isEmpty()) {
            report.error(b.sourcesValue(), Message.BACKFILL_NO_SOURCES,
                    sources.batchNames().stream().findFirst().orElse("transaction_history"));
        }
        // The sources' ranges are checked against a valid range only: an invalid one has said what to fix.
        boolean valid = start.isPresent() && end.isPresent() && start.get().isBefore(end.get());
        Map<String, Read> reads = new LinkedHashMap<>();
        for (BackfillDeclaration.Source s : b.sources()) {
            read(s, valid ? start : Optional.empty(), valid ? end : Optional.empty(), sources, reads, report);
        }
        Located<String> sql = b.sql();
        String text = sql.value();
        Optional<BackfillTransformSpec> transform = transform(b, transforms, report);
        if (transforms.isEmpty() && text.isBlank() && b.sources().size() > 1) {
            List<String> names = b.sources().stream().map(s -> s.name().value()).toList();
            report.error(sql, Message.BACKFILL_SQL_NEEDED, names.size(), String.join(", ", names), names.get(0),
                    names.get(1), declaration.element().getSimpleName());
        } else if (transforms.isEmpty() && text.isBlank() && b.sources().size() == 1) {
            text = "SELECT * FROM " + b.sources().get(0).name().value();
        }
        if (report.hasErrors() || reads.values().stream().anyMatch(r -> r.spec().isEmpty())) {
            // A source with errors has said what to fix; the SQL over it is checked once it is valid.
            return report.build();
        }
        if (transform.isEmpty()) {
            sql(sql, text, reads, source, functions, report);
        }
        String backfillSql = text;
        return report.build(() -> Optional.of(new BackfillSpec(start.orElseThrow(), end.orElseThrow(),
                reads.values().stream().map(r -> new BackfillSpec.Source(r.spec().orElseThrow(), r.start(), r.end()))
                        .toList(), backfillSql, transform.orElse(null))));
    }

    private static final StaticMethodShape SHAPE = new StaticMethodShape(Message.BACKFILL_TRANSFORM_NOT_STATIC,
            Message.BACKFILL_TRANSFORM_NOT_PUBLIC, Message.BACKFILL_TRANSFORM_GENERIC,
            Message.BACKFILL_TRANSFORM_CHECKED_EXCEPTION);

    /** The one Java type a backfill transform takes, as javac prints it. */
    private static final String SPARK_SESSION = "org.apache.spark.sql.SparkSession";

    /**
     * The backfill transform among {@code transforms}, the {@code @BackfillTransform} methods of the class of
     * {@code b}, if it has one, after reporting a second one, one beside the SQL, and a method of another shape than
     * {@code public static Dataset<Row> m(SparkSession)}.
     */
    private static Optional<BackfillTransformSpec> transform(BackfillDeclaration b,
            List<BackfillTransformDeclaration> transforms, ValidationReport.Builder<?> report) {
        if (transforms.isEmpty()) {
            return Optional.empty();
        }
        BackfillTransformDeclaration t = transforms.get(0);
        if (!b.sql().value().isBlank()) {
            report.error(b.sql(), Message.BACKFILL_TRANSFORM_AND_SQL, t.describe());
        }
        for (BackfillTransformDeclaration other : transforms.subList(1, transforms.size())) {
            report.error(other.method(), other.annotation(), null, Message.BACKFILL_TRANSFORM_TWO, other.describe(),
                    t.describe());
        }
        ExecutableElement method = t.method();
        SHAPE.check(report, method, t.describe());
        if (method.getParameters().size() != 1
                || !method.getParameters().get(0).asType().toString().equals(SPARK_SESSION)) {
            report.error(method, null, null, Message.BACKFILL_TRANSFORM_PARAMETERS, t.describe(), String.join(", ",
                    method.getParameters().stream().map(p -> p.asType().toString()).toList()));
        }
        if (!method.getReturnType().toString().equals(DatasetTransformValidator.DATASET_OF_ROWS)) {
            report.error(method, null, null, Message.BACKFILL_TRANSFORM_RETURN, t.describe(), method.getReturnType());
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return Optional.of(new BackfillTransformSpec(t.describe(),
                new BackfillTransformReference(ClassName.get(owner), method.getSimpleName().toString())));
    }

    /** The instant {@code literal} denotes, or empty after reporting it; {@code what} names it in the message. */
    private static Optional<Instant> instant(Located<String> literal, String what, ValidationReport.Builder<?> report) {
        try {
            return Optional.of(Instant.parse(literal.value()));
        } catch (DateTimeParseException e) {
            report.error(literal, Message.BACKFILL_INSTANT, what, literal.value());
            return Optional.empty();
        }
    }

    /**
     * Reports an end that is not on a tile boundary of the feature set's plan (the boundary a read at the end is made
     * at, as {@link TilePlan#readTime} has it), naming the boundaries before and after it.
     */
    private static void aligned(Located<String> literal, Instant end, AggregationValidator.Windowing windowing,
            ValidationReport.Builder<?> report) {
        TilePlan plan = TilePlan.of(windowing.windows(), windowing.tileSize());
        long before = plan.readTime(end.toEpochMilli());
        if (before != end.toEpochMilli()) {
            report.error(literal, Message.BACKFILL_END_NOT_ALIGNED, end,
                    DurationLiteral.format(windowing.tileSize()), Instant.ofEpochMilli(before),
                    Instant.ofEpochMilli(before + windowing.tileSize().toMillis()));
        }
    }

    /**
     * Resolves {@code s} into {@code reads}, reporting an unknown or repeated source and a sub-range that is empty or
     * outside the backfill's range {@code [start, end)} (empty where the backfill's own bound is invalid).
     */
    private static void read(BackfillDeclaration.Source s, Optional<Instant> start, Optional<Instant> end,
            Sources sources, Map<String, Read> reads, ValidationReport.Builder<?> report) {
        String name = s.name().value();
        Optional<Sources.Declared<BatchSourceSpec>> declared = sources.batch(name);
        if (declared.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(sources.batchNames());
            report.error(s.name(), Message.BACKFILL_SOURCE_UNKNOWN, name,
                    Message.didYouMean(DidYouMean.closest(name, known)),
                    known.isEmpty() ? "none" : String.join(", ", known));
            return;
        }
        if (reads.containsKey(name)) {
            report.error(s.name(), Message.BACKFILL_SOURCE_DUPLICATE, name);
            return;
        }
        String what = "the start of batch source \"" + name + "\"";
        Optional<Instant> from = s.start().value().isEmpty() ? start : instant(s.start(), what, report);
        Optional<Instant> to = s.end().value().isEmpty() ? end
                : instant(s.end(), "the end of batch source \"" + name + "\"", report);
        if (from.isEmpty() || to.isEmpty()) {
            return;
        }
        Located<String> at = s.start().value().isEmpty() ? s.end() : s.start();
        if (!from.get().isBefore(to.get())) {
            report.error(at, Message.BACKFILL_SOURCE_RANGE, name, from.get(), to.get());
        } else if (start.isPresent() && end.isPresent()
                && (from.get().isBefore(start.get()) || to.get().isAfter(end.get()))) {
            Located<String> outside = from.get().isBefore(start.get()) ? s.start() : s.end();
            report.error(outside, Message.BACKFILL_SOURCE_OUTSIDE, name, from.get(), to.get(), start.get(), end.get());
        } else {
            reads.put(name, new Read(declared.get().spec(), from.get(), to.get()));
        }
    }

    /**
     * Checks the backfill SQL {@code text} (written at {@code at}) over the {@code reads}: analysed when every source
     * declares its columns, its output then holding the stream {@code source}'s columns; only parsed otherwise.
     */
    private void sql(Located<String> at, String text, Map<String, Read> reads, KafkaSourceSpec source,
            Functions functions, ValidationReport.Builder<?> report) {
        boolean declared = reads.values().stream().allMatch(r -> r.spec().orElseThrow().declared());
        SqlAnalysis analysis;
        if (declared) {
            Map<String, List<ColumnSpec>> views = new LinkedHashMap<>();
            reads.forEach((name, r) -> views.put(name, r.spec().orElseThrow().fields()));
            analysis = analyzer.analyseBatch(text, views);
        } else {
            analysis = analyzer.parseBatch(text, reads.keySet());
        }
        if (analysis instanceof SqlAnalysis.SyntaxError e) {
            report.error(at, Message.BACKFILL_SQL_SYNTAX, e.message());
        } else if (analysis instanceof SqlAnalysis.UnknownTable e) {
            report.error(at, Message.BACKFILL_SQL_UNKNOWN_TABLE, e.table(),
                    Message.didYouMean(DidYouMean.closest(e.table(), reads.keySet())),
                    String.join(", ", reads.keySet()));
        } else if (analysis instanceof SqlAnalysis.UnknownFunction e) {
            Optional<Functions.Declared> function = functions.get(e.name());
            if (function.isPresent()) {
                report.error(at, Message.BACKFILL_SQL_FUNCTION, e.name(), FunctionDeclaration.describe(function.get().method()));
            } else {
                report.error(at, Message.BACKFILL_SQL_UNKNOWN_FUNCTION, e.name(),
                        Message.didYouMean(DidYouMean.closest(e.name(), analyzer.builtinNames())));
            }
        } else if (analysis instanceof SqlAnalysis.AnalysisError e) {
            report.error(at, Message.BACKFILL_SQL_ANALYSIS, e.message());
        } else if (analysis instanceof SqlAnalysis.Analysed a) {
            List<String> problems = streamColumnProblems(a.columns(), source);
            if (!problems.isEmpty()) {
                report.error(at, Message.BACKFILL_SQL_COLUMNS,
                        FreshetErrors.backfillSchemaText(source.name(), problems));
            }
        }
    }

    /**
     * Each column of the stream {@code source} that {@code output} misses or holds with another type, worded as the
     * job words it at its start (names compared ignoring case, as Spark's analyzer does).
     */
    private static List<String> streamColumnProblems(List<SqlAnalysis.Column> output, KafkaSourceSpec source) {
        List<String> problems = new ArrayList<>();
        for (SourceFieldSpec f : source.fields()) {
            String expected = SqlTypeNames.name(f.type());
            Optional<SqlAnalysis.Column> c = output.stream().filter(o -> o.name().equalsIgnoreCase(f.column()))
                    .findFirst();
            if (c.isEmpty()) {
                problems.add(FreshetErrors.backfillColumnMissing(f.column(), expected));
            } else if (c.get().type() != f.type()) {
                problems.add(FreshetErrors.backfillColumnMistyped(f.column(), c.get().sparkType(), expected));
            }
        }
        return problems;
    }
}
