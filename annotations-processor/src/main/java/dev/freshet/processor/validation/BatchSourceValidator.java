package dev.freshet.processor.validation;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.BatchSourceDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.model.SourceComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;

/**
 * Checks a {@code @BatchSource}: the type it is on, its name, where its data is (a path, or a Delta table), its
 * reader options and, for a record, its components and timestamp column; the value is its spec. A path is kept as
 * written: its {@code ${...}} placeholders are resolved when the job starts.
 */
public final class BatchSourceValidator {

    /** A validator of batch sources. */
    public BatchSourceValidator() {}

    /** What is wrong with {@code source}; its spec if nothing is. */
    public ValidationReport<BatchSourceSpec> validate(BatchSourceDeclaration source) {
        ValidationReport.Builder<BatchSourceSpec> report = ValidationReport.about(source.element());
        String name = source.name().value();
        ElementKind kind = source.element().getKind();
        if (kind != ElementKind.RECORD && kind != ElementKind.INTERFACE) {
            return report.error(source.element(), source.annotation(), null, Message.BATCH_SOURCE_KIND,
                    kind.toString().toLowerCase(Locale.ROOT).replace('_', ' '), source.element().getSimpleName())
                    .build();
        }
        if (!SourceValidator.SQL_IDENTIFIER.matcher(name).matches()) {
            report.error(source.name(), Message.BATCH_SOURCE_NAME_INVALID, name);
        }
        String path = source.path().value();
        String table = source.table().value();
        if (path.isEmpty() && table.isEmpty()) {
            report.error(source.element(), source.annotation(), null, Message.BATCH_SOURCE_NO_LOCATION, name, name);
        } else if (!path.isEmpty() && !table.isEmpty()) {
            report.error(source.table(), Message.BATCH_SOURCE_PATH_AND_TABLE, name, path, table);
        } else if (!table.isEmpty() && source.format() != BatchFormat.DELTA) {
            report.error(source.table(), Message.BATCH_SOURCE_TABLE_FORMAT, name, table, source.format(),
                    source.format(), name);
        }
        Map<String, String> options = options(source, report);
        for (SourceComponent field : source.fields()) {
            if (field.type() == null) {
                report.error(SourceValidator.locatable(field), null, null, Message.BATCH_SOURCE_FIELD_TYPE,
                        field.column(), name, field.javaType());
            }
        }
        if (kind == ElementKind.RECORD) {
            timestampColumn(source, report);
        }
        return report.build(() -> new BatchSourceSpec(name, source.format(), table.isEmpty() ? path : table,
                !table.isEmpty(), source.timestampColumn().value(),
                source.fields().stream().map(f -> new ColumnSpec(f.column(), f.type())).toList(), options,
                source.element().getQualifiedName().toString()));
    }

    /** The reader options, each {@code key=value} split at its first {@code '='}; a bad entry is reported on it. */
    private static Map<String, String> options(BatchSourceDeclaration source, ValidationReport.Builder<?> report) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Located<String> option : source.options()) {
            int eq = option.value().indexOf('=');
            if (eq <= 0 || option.value().substring(0, eq).isBlank()) {
                report.error(option, Message.BATCH_SOURCE_OPTION, option.value(), source.name().value());
                continue;
            }
            String key = option.value().substring(0, eq).strip();
            if (options.putIfAbsent(key, option.value().substring(eq + 1)) != null) {
                report.error(option, Message.BATCH_SOURCE_OPTION_DUPLICATE, key, source.name().value());
            }
        }
        return options;
    }

    /** Reports a timestamp column that is no component of the record, or not an {@code Instant}. */
    private static void timestampColumn(BatchSourceDeclaration source, ValidationReport.Builder<?> report) {
        Located<String> ts = source.timestampColumn();
        String name = source.name().value();
        List<String> columns = source.fields().stream().map(SourceComponent::column).toList();
        Optional<SourceComponent> field = source.fields().stream().filter(f -> f.column().equals(ts.value()))
                .findFirst();
        if (field.isEmpty()) {
            report.error(ts, Message.BATCH_SOURCE_TIMESTAMP_UNKNOWN, ts.value(), name,
                    Message.didYouMean(DidYouMean.closest(ts.value(), columns)),
                    columns.isEmpty() ? "none" : String.join(", ", columns));
        } else if (field.get().type() != null && field.get().type() != ValueType.TIMESTAMP) {
            report.error(ts, Message.BATCH_SOURCE_TIMESTAMP_TYPE, ts.value(), name, field.get().javaType());
        }
    }
}
