package dev.freshet.processor.validation;

import dev.freshet.api.ValueType;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.List;
import java.util.Optional;

/** Checks a feature set's event-time column: selected by the SQL, and a timestamp. The value is its name. */
public final class TimestampValidator {

    /** A validator of event-time columns. */
    public TimestampValidator() {}

    /** What is wrong with the {@code timestamp} column in the SQL's output {@code columns}. */
    public ValidationReport<String> validate(FeatureSetDeclaration declaration, List<SqlAnalysis.Column> columns) {
        ValidationReport.Builder<String> report = ValidationReport.about(declaration.element());
        Located<String> ts = declaration.timestamp();
        List<String> names = columns.stream().map(SqlAnalysis.Column::name).distinct().toList();
        Optional<SqlAnalysis.Column> timestamp = columns.stream().filter(c -> c.name().equals(ts.value())).findFirst();
        if (timestamp.isEmpty()) {
            report.error(ts, Message.TIMESTAMP_NOT_IN_OUTPUT, ts.value(),
                    Message.didYouMean(DidYouMean.closest(ts.value(), names)), String.join(", ", names));
        } else if (timestamp.get().type() != ValueType.TIMESTAMP) {
            report.error(ts, conversion(timestamp.get()), ts.value(), timestamp.get().sparkType());
        }
        return report.build(ts::value);
    }

    /**
     * The message that shows how to make a timestamp of {@code column}. Numbers are never read as seconds by
     * default ({@code to_timestamp} of epoch milliseconds is 1000 times too late), and strings are parsed with the
     * {@code try_} function, as a failing expression fails the whole micro-batch under Spark's ANSI mode.
     */
    private static Message conversion(SqlAnalysis.Column column) {
        ValueType type = column.type();
        if (type != null && type.integral()) {
            return Message.TIMESTAMP_FROM_EPOCH;
        } else if (type != null && type.numeric()) {
            return Message.TIMESTAMP_FROM_FRACTION;
        } else if (type == ValueType.STRING) {
            return Message.TIMESTAMP_FROM_STRING;
        } else if (type == ValueType.DATE || column.sparkType().equals("timestamp_ntz")) {
            return Message.TIMESTAMP_FROM_DATE;
        }
        return Message.TIMESTAMP_TYPE;
    }
}
