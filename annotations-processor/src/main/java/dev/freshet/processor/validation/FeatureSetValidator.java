package dev.freshet.processor.validation;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.sql.SparkSqlAnalyzer;
import dev.freshet.processor.sql.SqlAnalysis;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import javax.lang.model.element.ElementKind;

/**
 * Checks a {@code @StreamingFeatureSet} by delegating each concern to its validator (settings, key, aggregation
 * windowing, the source, the SQL and its output, the timestamp, the aggregations, the generated constants) and folding
 * their reports into one;
 * the value is the feature set's spec. Every problem is reported, not only the first, but checks that need the SQL's
 * output are skipped when the SQL itself failed, so that one mistake gives one error.
 */
public final class FeatureSetValidator {

    private final SettingsValidator settings = new SettingsValidator();
    private final KeyValidator keys = new KeyValidator();
    private final TimestampValidator timestamps = new TimestampValidator();
    private final AggregationValidator aggregations = new AggregationValidator();
    private final HandleValidator handles = new HandleValidator();
    private final DatasetTransformValidator datasets = new DatasetTransformValidator();
    private final SqlValidator sql;

    /** A validator analysing SQL with {@code analyzer}. */
    public FeatureSetValidator(SparkSqlAnalyzer analyzer) {
        this.sql = new SqlValidator(analyzer);
    }

    /** What is wrong with {@code declaration}, whose source is looked up in {@code sources}; its spec if nothing. */
    public ValidationReport<FeatureSetSpec> validate(FeatureSetDeclaration declaration, Sources sources) {
        return validate(declaration, sources, new Functions());
    }

    /**
     * What is wrong with {@code declaration}, whose source is looked up in {@code sources} and whose SQL may call
     * {@code functions}; its spec if nothing.
     */
    public ValidationReport<FeatureSetSpec> validate(FeatureSetDeclaration declaration, Sources sources,
            Functions functions) {
        ValidationReport.Builder<FeatureSetSpec> report = ValidationReport.about(declaration.element());
        ElementKind kind = declaration.element().getKind();
        if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
            return report.error(declaration.element(), declaration.annotation(), null, Message.FEATURE_SET_NOT_A_CLASS,
                    kind.toString().toLowerCase(Locale.ROOT).replace('_', ' '), declaration.element().getSimpleName())
                    .build();
        }
        Optional<SettingsValidator.Settings> settings = report.add(this.settings.validate(declaration));
        Optional<List<String>> key = report.add(keys.validateDeclared(declaration));
        Optional<AggregationValidator.Windowing> windowing = report.add(aggregations.windowing(declaration));

        Optional<KafkaSourceSpec> source = report.add(source(declaration, sources));
        if (source.isEmpty()) {
            return report.build();
        }
        Optional<Optional<DatasetTransformValidator.Transform>> dataset = report.add(
                datasets.validate(declaration, source.get().name()));
        if (dataset.isEmpty() || (dataset.get().isEmpty() && declaration.sql().value().isEmpty())) {
            return report.build();
        }
        Optional<List<SqlAnalysis.Column>> columns;
        List<SqlFunctionSpec> called;
        Optional<List<ColumnSpec>> output;
        Optional<List<String>> keyInOutput;
        Optional<String> timestamp;
        DatasetTransformSpec transform = dataset.get().map(DatasetTransformValidator.Transform::spec).orElse(null);
        if (dataset.get().isPresent()) {
            // The transform's validator has checked the record's components, key and timestamp with its own messages.
            columns = Optional.of(dataset.get().get().columns());
            called = List.of();
            output = Optional.of(columns.get().stream().map(c -> new ColumnSpec(c.name(), c.type())).toList());
            keyInOutput = key;
            timestamp = Optional.of(declaration.timestamp().value());
        } else {
            Optional<SqlAnalysis.Analysed> analysed = report.add(sql.analyse(declaration, source.get(), functions));
            if (analysed.isEmpty()) {
                return report.build();
            }
            columns = analysed.map(SqlAnalysis.Analysed::columns);
            called = analysed.get().functions().stream()
                    .map(f -> functions.get(f).orElseThrow().spec().orElseThrow()).toList();
            output = report.add(sql.output(declaration, columns.get()));
            keyInOutput = report.add(keys.validateInOutput(declaration, columns.get()));
            timestamp = report.add(timestamps.validate(declaration, columns.get()));
        }
        if (output.isEmpty() || keyInOutput.isEmpty() || timestamp.isEmpty()) {
            return report.build();
        }
        Optional<AggregationValidator.Aggregations> aggregated = report.add(
                aggregations.aggregations(declaration, windowing, columns.get()));
        if (aggregated.isEmpty()) {
            return report.build();
        }
        AggregationValidator.Aggregations a = aggregated.get();
        Optional<List<ColumnSpec>> features = report.add(handles.validate(declaration, a.aggregations().present()
                ? a.features()
                : FeatureSetSpec.rowLevelFeatures(output.get(), keyInOutput.get(), timestamp.get())));
        return report.build(() -> {
            SettingsValidator.Settings s = settings.orElseThrow();
            return new FeatureSetSpec(s.name(), key.orElseThrow(), source.get(), timestamp.orElseThrow(),
                    declaration.sql().value(), output.orElseThrow(), a.aggregations(), features.orElseThrow(),
                    s.onlineTrigger(), s.offlineSchedule(), s.onlineTtl(),
                    new MetadataSpec(declaration.owner(), declaration.description(), declaration.displayName()),
                    declaration.element().getQualifiedName().toString(), called, transform);
        });
    }

    /** The spec of the source the feature set reads; no value (and no error) if that source has errors. */
    private static ValidationReport<KafkaSourceSpec> source(FeatureSetDeclaration declaration, Sources sources) {
        ValidationReport.Builder<KafkaSourceSpec> report = ValidationReport.about(declaration.element());
        String name = declaration.source().value();
        Optional<Sources.Declared> declared = sources.get(name);
        if (declared.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(sources.names());
            return report.error(declaration.source(), Message.SOURCE_UNKNOWN, name,
                    Message.didYouMean(DidYouMean.closest(name, known)),
                    known.isEmpty() ? "none" : String.join(", ", known)).build();
        }
        Optional<KafkaSourceSpec> spec = declared.get().spec();
        return spec.isPresent() ? report.build(spec::get) : report.build();
    }
}
