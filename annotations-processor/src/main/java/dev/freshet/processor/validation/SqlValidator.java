package dev.freshet.processor.validation;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.sql.SqlAnalysis;
import dev.freshet.api.spec.SqlFunctionSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a feature set's SQL with Spark's parser and analyzer against its source ({@link #analyse}), then its output
 * columns: unique names, none reserved, each of a type the store can hold ({@link #output}). Every error sits on the
 * {@code sql} attribute.
 */
public final class SqlValidator {

    private final SparkSqlAnalyzer analyzer;

    /** A validator analysing SQL with {@code analyzer}. */
    public SqlValidator(SparkSqlAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * What Spark's analysis finds wrong with the SQL over {@code source}, calling the valid {@code functions}; the
     * analysis if nothing. SQL calling a function that is declared but has errors gets no error of its own (and no
     * value): the function's errors say what to fix.
     */
    public ValidationReport<SqlAnalysis.Analysed> analyse(FeatureSetDeclaration declaration,
            KafkaSourceSpec source, Functions functions) {
        ValidationReport.Builder<SqlAnalysis.Analysed> report = ValidationReport.about(declaration.element());
        Located<String> at = declaration.sql();
        SqlAnalysis analysis = analyzer.analyse(at.value(), source.name(), source.fields(), functions.valid());
        if (analysis instanceof SqlAnalysis.UnknownFunction e) {
            if (functions.get(e.name()).isPresent()) {
                return report.build();
            }
            List<String> candidates = new ArrayList<>(functions.names());
            Optional<String> closest = DidYouMean.closest(e.name(), candidates);
            if (closest.isEmpty()) {
                closest = DidYouMean.closest(e.name(), analyzer.builtinNames());
            }
            report.error(at, Message.SQL_UNKNOWN_FUNCTION, e.name(), Message.didYouMean(closest),
                    functions.names().isEmpty() ? "none" : String.join(", ", new TreeSet<>(functions.names())),
                    e.name());
        } else if (analysis instanceof SqlAnalysis.WrongArguments e) {
            SqlFunctionSpec f = e.function();
            report.error(at, Message.SQL_FUNCTION_ARGUMENTS, f.name(), e.given(), f.method(), f.parameters().size(),
                    f.name() + "(" + String.join(", ", f.parameters().stream()
                            .map(p -> p.name() + " " + p.type().sqlType().toUpperCase(Locale.ROOT)).toList()) + ")");
        } else if (analysis instanceof SqlAnalysis.SyntaxError e) {
            report.error(at, Message.SQL_SYNTAX, e.message());
        } else if (analysis instanceof SqlAnalysis.UnknownTable e) {
            report.error(at, Message.SQL_UNKNOWN_TABLE, e.table(),
                    Message.didYouMean(DidYouMean.closest(e.table(), List.of(source.name()))), source.name());
        } else if (analysis instanceof SqlAnalysis.AnalysisError e) {
            report.error(at, Message.SQL_ANALYSIS, e.message());
        } else if (analysis instanceof SqlAnalysis.NotRowLevel e) {
            report.error(at, Message.SQL_NOT_ROW_LEVEL, Message.construct(e.construct(), e.operator()));
        }
        return report.build(() -> (SqlAnalysis.Analysed) analysis);
    }

    /** What is wrong with the output {@code columns}; the feature set's output columns if nothing. */
    public ValidationReport<List<ColumnSpec>> output(FeatureSetDeclaration declaration,
            List<SqlAnalysis.Column> columns) {
        ValidationReport.Builder<List<ColumnSpec>> report = ValidationReport.about(declaration.element());
        Located<String> at = declaration.sql();
        List<ColumnSpec> output = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SqlAnalysis.Column c : columns) {
            if (!names.add(c.name())) {
                report.error(at, Message.OUTPUT_DUPLICATE, c.name());
            } else if (c.name().startsWith("__")) {
                report.error(at, Message.OUTPUT_RESERVED, c.name());
            } else if (c.type() == null) {
                report.error(at, Message.OUTPUT_TYPE, c.name(), c.sparkType());
            } else {
                output.add(new ColumnSpec(c.name(), c.type()));
            }
        }
        return report.build(() -> output);
    }
}
