package dev.freshet.processor.validation;

import dev.freshet.api.ValueType;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import dev.freshet.processor.model.SourceComponent;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * The checks of a record whose components are a feature set's output columns, which every Java transform declares
 * (a Dataset transform's {@code output}, a record transform's return type): each component of a type the store can
 * hold and not named like Freshet's own {@code __} columns, and the key and timestamp columns among them with their
 * types. A component's error sits on the component, a missing key or timestamp on its literal. Each transform reports
 * with its own {@link Message}s, whose fixes speak of its method.
 *
 * @param type             reported with the column, the record and the component's Java type
 * @param reserved         reported with the column and the record
 * @param keyMissing       reported with the key column, the record, a did-you-mean and the component names
 * @param keyType          reported with the key column, the component's Java type and the record
 * @param timestampMissing reported with the timestamp column, the record, a did-you-mean and the component names
 * @param timestampType    reported with the timestamp column, the component's Java type, the record and the column
 */
record OutputRecordCheck(Message type, Message reserved, Message keyMissing, Message keyType,
        Message timestampMissing, Message timestampType) {

    /**
     * Reports what is wrong with {@code record}, whose {@code components} become {@code declaration}'s output columns,
     * and gives those columns, in component order.
     */
    List<SqlAnalysis.Column> check(ValidationReport.Builder<?> report, FeatureSetDeclaration declaration,
            TypeElement record, List<SourceComponent> components) {
        String name = record.getQualifiedName().toString();
        List<SqlAnalysis.Column> columns = new ArrayList<>();
        for (SourceComponent c : components) {
            if (c.column().startsWith("__")) {
                report.error(SourceValidator.locatable(c), null, null, reserved, c.column(), name);
            } else if (c.type() == null) {
                report.error(SourceValidator.locatable(c), null, null, type, c.column(), name, c.javaType());
            }
            columns.add(new SqlAnalysis.Column(c.column(), c.javaType(), c.type()));
        }
        List<String> names = components.stream().map(SourceComponent::column).toList();
        for (Located<String> key : declaration.key()) {
            Optional<SourceComponent> c = component(components, key.value());
            if (c.isEmpty()) {
                report.error(key, keyMissing, key.value(), name,
                        Message.didYouMean(DidYouMean.closest(key.value(), names)), String.join(", ", names));
            } else if (c.get().type() != null && !c.get().type().usableAsKey()) {
                report.error(SourceValidator.locatable(c.get()), null, null, keyType, key.value(), c.get().javaType(),
                        name);
            }
        }
        Located<String> ts = declaration.timestamp();
        Optional<SourceComponent> c = component(components, ts.value());
        if (c.isEmpty()) {
            report.error(ts, timestampMissing, ts.value(), name,
                    Message.didYouMean(DidYouMean.closest(ts.value(), names)), String.join(", ", names));
        } else if (c.get().type() != null && c.get().type() != ValueType.TIMESTAMP) {
            report.error(SourceValidator.locatable(c.get()), null, null, timestampType, ts.value(),
                    c.get().javaType(), name, ts.value());
        }
        return columns;
    }

    private static Optional<SourceComponent> component(List<SourceComponent> components, String name) {
        return components.stream().filter(c -> c.column().equals(name)).findFirst();
    }
}
