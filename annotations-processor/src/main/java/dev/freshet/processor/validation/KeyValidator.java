package dev.freshet.processor.validation;

import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a feature set's key: the {@code key} attribute itself (at least one column, each once), then, against the
 * SQL's output, that each key column is selected and of a type keys may have
 * ({@link dev.freshet.api.ValueType#usableAsKey}). The value is the key columns.
 */
public final class KeyValidator {

    /** A validator of keys. */
    public KeyValidator() {}

    /** What is wrong with the {@code key} attribute as written. */
    public ValidationReport<List<String>> validateDeclared(FeatureSetDeclaration declaration) {
        ValidationReport.Builder<List<String>> report = ValidationReport.about(declaration.element());
        if (declaration.key().isEmpty()) {
            report.error(declaration.keyValue().source() != null ? declaration.keyValue()
                    : new Located<>(null, declaration.element(), declaration.annotation(), null),
                    Message.KEY_EMPTY, declaration.effectiveName());
        }
        Set<String> seen = new HashSet<>();
        for (Located<String> column : declaration.key()) {
            if (!seen.add(column.value())) {
                report.error(column, Message.KEY_DUPLICATE, column.value());
            }
        }
        return report.build(() -> keyColumns(declaration));
    }

    /** What is wrong with the key columns in the SQL's output {@code columns}. */
    public ValidationReport<List<String>> validateInOutput(FeatureSetDeclaration declaration,
            List<SqlAnalysis.Column> columns) {
        ValidationReport.Builder<List<String>> report = ValidationReport.about(declaration.element());
        List<String> names = columns.stream().map(SqlAnalysis.Column::name).distinct().toList();
        for (Located<String> key : declaration.key()) {
            Optional<SqlAnalysis.Column> column = columns.stream().filter(c -> c.name().equals(key.value()))
                    .findFirst();
            if (column.isEmpty()) {
                report.error(key, Message.KEY_NOT_IN_OUTPUT, key.value(),
                        Message.didYouMean(DidYouMean.closest(key.value(), names)), String.join(", ", names));
            } else if (column.get().type() == null || !column.get().type().usableAsKey()) {
                report.error(key, Message.KEY_TYPE, key.value(), column.get().sparkType(), key.value(), key.value());
            }
        }
        return report.build(() -> keyColumns(declaration));
    }

    private static List<String> keyColumns(FeatureSetDeclaration declaration) {
        return declaration.key().stream().map(Located::value).toList();
    }
}
