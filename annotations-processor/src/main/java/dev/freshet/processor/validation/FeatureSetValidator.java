package dev.freshet.processor.validation;

import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.RecordTransformSpec;
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
 * Checks a {@code @StreamingFeatureSet} by delegating each concern to its validator (settings, metadata, key,
 * aggregation windowing, the source, the backfill, the sinks, the cluster templates, the SQL and its output, the
 * Dataset or record transform, the timestamp, the
 * aggregations, the generated constants) and folding their reports into one;
 * the value is the feature set's spec. Every problem is reported, not only the first, but checks that need the SQL's
 * output are skipped when the SQL itself failed, so that one mistake gives one error.
 */
public final class FeatureSetValidator {

    private final SettingsValidator settings = new SettingsValidator();
    private final MetadataValidator metadata = new MetadataValidator();
    private final KeyValidator keys = new KeyValidator();
    private final TimestampValidator timestamps = new TimestampValidator();
    private final AggregationValidator aggregations = new AggregationValidator();
    private final HandleValidator handles = new HandleValidator();
    private final DatasetTransformValidator datasets = new DatasetTransformValidator();
    private final RecordTransformValidator records = new RecordTransformValidator();
    private final SinkValidator sinks = new SinkValidator();
    private final ClusterTemplatesValidator clusterTemplates = new ClusterTemplatesValidator();
    private final SqlValidator sql;
    private final BackfillValidator backfills;

    /** A validator analysing SQL (the feature set's and its backfill's) with {@code analyzer}. */
    public FeatureSetValidator(SparkSqlAnalyzer analyzer) {
        this.sql = new SqlValidator(analyzer);
        this.backfills = new BackfillValidator(analyzer);
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
        Optional<MetadataSpec> metadata = report.add(this.metadata.validate(declaration));
        Optional<List<String>> key = report.add(keys.validateDeclared(declaration));
        Optional<AggregationValidator.Windowing> windowing = report.add(aggregations.windowing(declaration));
        Optional<ClusterTemplatesSpec> templates = report.add(clusterTemplates.validate(declaration));

        Optional<KafkaSourceSpec> source = report.add(source(declaration, sources));
        if (source.isEmpty()) {
            return report.build();
        }
        Optional<Optional<BackfillSpec>> backfill = report.add(
                backfills.validate(declaration, windowing, source.get(), sources, functions));
        Optional<List<KafkaSinkSpec>> sinkSpecs = report.add(sinks.validate(declaration, source.get()));
        Optional<Transformed> transformed = report.add(transform(declaration, source.get(), functions, key));
        if (transformed.isEmpty()) {
            return report.build();
        }
        Transformed t = transformed.get();
        Optional<AggregationValidator.Aggregations> aggregated = report.add(
                aggregations.aggregations(declaration, windowing, t.columns()));
        if (aggregated.isEmpty() || backfill.isEmpty() || sinkSpecs.isEmpty() || templates.isEmpty()) {
            return report.build();
        }
        AggregationValidator.Aggregations a = aggregated.get();
        Optional<List<ColumnSpec>> features = report.add(handles.validate(declaration, a.aggregations().present()
                ? a.features()
                : FeatureSetSpec.rowLevelFeatures(t.output(), t.key(), t.timestamp())));
        return report.build(() -> {
            SettingsValidator.Settings s = settings.orElseThrow();
            return new FeatureSetSpec(s.name(), key.orElseThrow(), source.get(), t.timestamp(),
                    declaration.sql().value(), t.output(), a.aggregations(), features.orElseThrow(),
                    s.onlineTrigger(), s.offlineSchedule(), s.onlineTtl(),
                    metadata.orElseThrow(),
                    declaration.element().getQualifiedName().toString(), t.called(), t.dataset(), t.record(),
                    backfill.get().orElse(null), sinkSpecs.get(), templates.get());
        });
    }

    /**
     * What a feature set's transform makes of its source: its SQL, a Dataset transform instead, or a record transform
     * on the source or after the SQL.
     *
     * @param columns   the output columns, with their value types
     * @param output    the same as the spec holds them
     * @param called    the SQL functions the SQL calls
     * @param key       the key columns, all in the output
     * @param timestamp the timestamp column, in the output
     * @param dataset   the Dataset transform, or {@code null}
     * @param record    the record transform, or {@code null}
     */
    private record Transformed(List<SqlAnalysis.Column> columns, List<ColumnSpec> output, List<SqlFunctionSpec> called,
            List<String> key, String timestamp, DatasetTransformSpec dataset, RecordTransformSpec record) {
    }

    /**
     * What is wrong with the feature set's transform over {@code source} (whose SQL may call {@code functions}), and
     * with its key (declared as {@code key}, if valid) and timestamp in the transform's output; what it makes if
     * nothing.
     */
    private ValidationReport<Transformed> transform(FeatureSetDeclaration declaration, KafkaSourceSpec source,
            Functions functions, Optional<List<String>> key) {
        ValidationReport.Builder<Transformed> report = ValidationReport.about(declaration.element());
        Optional<Optional<DatasetTransformValidator.Transform>> dataset = report.add(
                datasets.validate(declaration, source));
        boolean hasSql = !declaration.sql().value().isEmpty();
        boolean hasRecord = !declaration.recordTransforms().isEmpty();
        if (dataset.isEmpty() || (dataset.get().isEmpty() && !hasSql && !hasRecord)) {
            return report.build();
        }
        String timestamp = declaration.timestamp().value();
        if (dataset.get().isPresent() && !hasRecord) {
            // The transform's validator has checked the record's components, key and timestamp with its own messages.
            DatasetTransformValidator.Transform t = dataset.get().get();
            return key.isEmpty() ? report.build() : report.build(() -> new Transformed(t.columns(),
                    columnSpecs(t.columns()), List.of(), key.get(), timestamp, t.spec(), null));
        }
        List<SqlAnalysis.Column> sqlColumns = null;
        List<SqlFunctionSpec> called = List.of();
        if (hasSql) {
            Optional<SqlAnalysis.Analysed> analysed = report.add(sql.analyse(declaration, source, functions));
            if (analysed.isEmpty()) {
                return report.build();
            }
            sqlColumns = analysed.get().columns();
            called = analysed.get().functions().stream()
                    .map(f -> functions.get(f).orElseThrow().spec().orElseThrow()).toList();
            Optional<List<ColumnSpec>> output = report.add(sql.output(declaration, sqlColumns));
            if (!hasRecord) {
                List<SqlAnalysis.Column> columns = sqlColumns;
                List<SqlFunctionSpec> functionsCalled = called;
                Optional<List<String>> keyInOutput = report.add(keys.validateInOutput(declaration, columns));
                Optional<String> ts = report.add(timestamps.validate(declaration, columns));
                return output.isEmpty() || keyInOutput.isEmpty() || ts.isEmpty() ? report.build()
                        : report.build(() -> new Transformed(columns, output.get(), functionsCalled, keyInOutput.get(),
                                ts.get(), null, null));
            }
            if (output.isEmpty()) {
                return report.build();
            }
        }
        // The source's records or the SQL's output feed the record transform, whose output record gives the feature
        // set's columns, key and timestamp, checked with the transform's own messages.
        Optional<RecordTransformValidator.Transform> record = report.add(
                records.validate(declaration, source, sqlColumns));
        if (record.isEmpty() || key.isEmpty()) {
            return report.build();
        }
        List<SqlFunctionSpec> functionsCalled = called;
        RecordTransformValidator.Transform t = record.get();
        return report.build(() -> new Transformed(t.columns(), columnSpecs(t.columns()), functionsCalled, key.get(),
                timestamp, null, t.spec()));
    }

    private static List<ColumnSpec> columnSpecs(List<SqlAnalysis.Column> columns) {
        return columns.stream().map(c -> new ColumnSpec(c.name(), c.type())).toList();
    }

    /** The spec of the source the feature set reads; no value (and no error) if that source has errors. */
    private static ValidationReport<KafkaSourceSpec> source(FeatureSetDeclaration declaration, Sources sources) {
        ValidationReport.Builder<KafkaSourceSpec> report = ValidationReport.about(declaration.element());
        String name = declaration.source().value();
        Optional<Sources.Declared<KafkaSourceSpec>> declared = sources.get(name);
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
