package dev.freshet.processor.validation;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** What Spark's analysis finds wrong with the SQL over {@code source}; its output columns if nothing. */
    public ValidationReport<List<SqlAnalysis.Column>> analyse(FeatureSetDeclaration declaration,
            KafkaSourceSpec source) {
        ValidationReport.Builder<List<SqlAnalysis.Column>> report = ValidationReport.about(declaration.element());
        Located<String> at = declaration.sql();
        SqlAnalysis analysis = analyzer.analyse(at.value(), source.name(), source.fields());
        if (analysis instanceof SqlAnalysis.SyntaxError e) {
            report.error(at, Message.SQL_SYNTAX, e.message());
        } else if (analysis instanceof SqlAnalysis.UnknownTable e) {
            report.error(at, Message.SQL_UNKNOWN_TABLE, e.table(),
                    Message.didYouMean(DidYouMean.closest(e.table(), List.of(source.name()))), source.name());
        } else if (analysis instanceof SqlAnalysis.AnalysisError e) {
            report.error(at, Message.SQL_ANALYSIS, e.message());
        } else if (analysis instanceof SqlAnalysis.NotRowLevel e) {
            report.error(at, Message.SQL_NOT_ROW_LEVEL, Message.construct(e.construct(), e.operator()));
        }
        return report.build(() -> ((SqlAnalysis.Analysed) analysis).columns());
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
