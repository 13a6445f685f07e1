package dev.freshet.processor.validation;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.processor.generation.ConstantNames;
import dev.freshet.processor.generation.SpecWriter;
import dev.freshet.processor.model.AggregateDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that every feature gets a constant of its own in the generated {@code <Class>_FeatureSet}
 * ({@link ConstantNames}): two features whose names differ only in case or in camel versus snake case would share one.
 * The value is the features, unchanged.
 */
public final class HandleValidator {

    /** A validator of generated constants. */
    public HandleValidator() {}

    /**
     * What is wrong with the constants of {@code features}: those of the SQL's output for a row-level feature set, or
     * the aggregates, aggregation-major, of {@code declaration}'s aggregations.
     */
    public ValidationReport<List<ColumnSpec>> validate(FeatureSetDeclaration declaration, List<ColumnSpec> features) {
        ValidationReport.Builder<List<ColumnSpec>> report = ValidationReport.about(declaration.element());
        String provider = SpecWriter.providerName(declaration.element()).simpleName();
        Map<String, String> owners = new HashMap<>();
        List<AggregateDeclaration> aggregations = declaration.aggregations();
        for (int i = 0; i < features.size(); i++) {
            String feature = features.get(i).name();
            String constant = ConstantNames.of(feature);
            String other = owners.putIfAbsent(constant, feature);
            if (other == null) {
                continue;
            }
            if (aggregations.isEmpty()) {
                report.error(declaration.sql(), Message.FEATURE_CONSTANT_CLASH, other, feature, provider, constant);
            } else {
                int windows = features.size() / aggregations.size();
                AggregateDeclaration at = aggregations.get(i / windows);
                report.error(at.alias().source() != null ? at.alias() : at.column(),
                        Message.AGGREGATE_CONSTANT_CLASH, other, feature, provider, constant, i / windows + 1);
            }
        }
        return report.build(() -> features);
    }
}
