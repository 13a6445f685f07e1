package dev.freshet.spark.pipeline;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.function.RecordTransformFunction;
import dev.freshet.spark.function.SqlFunctions;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.schema.ValueTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.optimizer.InlineCTE;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs a feature set's row-level SQL over its decoded source, and carries the {@link ReservedColumns#SOURCE} struct
 * (topic, partition, offset, Kafka timestamp) through it.
 *
 * <p>Users do not select Kafka metadata columns: Freshet needs the source position for ordering writes and for dead
 * letters, so it adds the struct to every projection of Spark's <em>analysed plan</em> between the source and the
 * output, instead of editing the SQL text. The processor restricts the SQL to row-level operators (projections,
 * filters, generators, subqueries and common table expressions of those), for which carrying a column through is
 * always valid. A feature set with a {@link dev.freshet.api.DatasetTransform} instead of SQL gets the same treatment of
 * the plan its method returns, and that plan's schema is checked against the declared record before the query starts.
 * A {@link dev.freshet.api.RecordTransform} runs on the SQL's output, or on the decoded source when the set has no SQL
 * ({@link RecordTransformFunction}), and passes each input row's struct on to its output rows.
 */
public final class SqlTransform {

    private SqlTransform() {}

    /**
     * The transform's output over {@code decoded} (accepted source rows with the {@link ReservedColumns#SOURCE} column):
     * the spec's output columns, in order, then {@link ReservedColumns#SOURCE}.
     *
     * @throws dev.freshet.core.error.FreshetException if Spark's analysis here disagrees with the schema the
     *     processor computed at compile time
     */
    public static Dataset<Row> apply(SparkSession spark, FeatureSetSpec spec, Dataset<Row> decoded) {
        if (spec.dataset().isPresent()) {
            return applyDataset(spark, spec, spec.dataset().get(), decoded);
        }
        Optional<RecordTransformSpec> record = spec.record();
        // A record transform takes the SQL's output, or the decoded source itself when the set has no SQL.
        List<ColumnSpec> columns = record.map(RecordTransformSpec::inputColumns).orElse(spec.outputColumns());
        Dataset<Row> rows = record.isPresent() && spec.sql().isEmpty() ? decoded
                : sql(spark, spec, decoded, record.isPresent());
        List<org.apache.spark.sql.Column> selected = new ArrayList<>();
        for (ColumnSpec c : columns) {
            selected.add(rows.col("`" + c.name() + "`"));
        }
        selected.add(rows.col(ReservedColumns.SOURCE));
        Dataset<Row> input = rows.select(selected.toArray(org.apache.spark.sql.Column[]::new));
        if (record.isEmpty()) {
            return input;
        }
        return input.mapPartitions(new RecordTransformFunction(spec),
                Encoders.row(RecordTransformFunction.outputSchema(spec)));
    }

    /**
     * The SQL's output over {@code decoded}, checked against what the processor computed: the spec's output columns
     * in order, or the record transform's input columns (in any order) when {@code intoRecord}.
     */
    private static Dataset<Row> sql(SparkSession spark, FeatureSetSpec spec, Dataset<Row> decoded,
            boolean intoRecord) {
        Dataset<Row> output = SessionViews.with(spark, Map.of(spec.source().name(), decoded), () -> {
            // Functions are session-wide too: registered for the analysis only, which puts them into the plan.
            SqlFunctions.register(spark, spec);
            try {
                // Common table expressions stay references to their definitions in the analysed plan: inline them, so
                // that the source position can be carried through their bodies as through any subquery.
                LogicalPlan analysed = new InlineCTE(true, false).apply(spark.sql(spec.sql()).queryExecution()
                        .analyzed());
                return org.apache.spark.sql.classic.Dataset.ofRows(
                        (org.apache.spark.sql.classic.SparkSession) spark, carrySource(analysed));
            } finally {
                SqlFunctions.unregister(spark, spec);
            }
        });
        checkSchema(spec, output, intoRecord);
        return output;
    }

    /**
     * A whole-Dataset transform's output over {@code decoded}, in the same shape as the SQL's. The method runs here,
     * once, while the job builds its query; the source position is carried through its analysed plan as through the
     * SQL's, so the method need not select {@link ReservedColumns#SOURCE} itself. Its actual schema is checked against
     * the declared record before the query starts: one error names every missing or mistyped column.
     */
    @SuppressWarnings("unchecked")
    private static Dataset<Row> applyDataset(SparkSession spark, FeatureSetSpec spec, DatasetTransformSpec transform,
            Dataset<Row> decoded) {
        Object result;
        try {
            result = transform.invoker().apply(decoded);
        } catch (RuntimeException e) {
            throw FreshetErrors.datasetTransformFailed(spec.name(), transform.method(), e);
        }
        if (!(result instanceof Dataset<?> returned)) {
            throw FreshetErrors.datasetTransformSchema(spec.name(), transform.method(), transform.output(),
                    List.of("it returned " + (result == null ? "null" : result.getClass().getName())
                            + " instead of a Dataset<Row>"));
        }
        LogicalPlan plan = carrySource(((Dataset<Row>) returned).queryExecution().analyzed());
        Dataset<Row> output = org.apache.spark.sql.classic.Dataset.ofRows(
                (org.apache.spark.sql.classic.SparkSession) spark, plan);
        List<String> problems = new ArrayList<>();
        StructType schema = output.schema();
        for (ColumnSpec c : spec.outputColumns()) {
            Optional<StructField> field = java.util.Arrays.stream(schema.fields())
                    .filter(f -> f.name().equals(c.name())).findFirst();
            if (field.isEmpty()) {
                problems.add("column \"" + c.name() + "\" (" + ValueTypes.toSpark(c.type()).sql().toLowerCase(
                        java.util.Locale.ROOT) + ") is missing");
            } else if (!field.get().dataType().equals(ValueTypes.toSpark(c.type()))) {
                problems.add("column \"" + c.name() + "\" is " + field.get().dataType().sql().toLowerCase(
                        java.util.Locale.ROOT) + ", declared " + ValueTypes.toSpark(c.type()).sql().toLowerCase(
                        java.util.Locale.ROOT));
            }
        }
        if (!problems.isEmpty()) {
            throw FreshetErrors.datasetTransformSchema(spec.name(), transform.method(), transform.output(), problems);
        }
        if (find(output.queryExecution().analyzed().output()).isEmpty()) {
            throw new FreshetException(spec.name(), "the Dataset transform " + transform.method() + " loses the source"
                    + " position of its rows: it aggregates or otherwise builds rows that are no source record's, which"
                    + " Freshet cannot order or dead-letter. Keep one output row per source row (joins with static"
                    + " data, filters, projections), and declare aggregations on the feature set instead", null, false);
        }
        List<org.apache.spark.sql.Column> columns = new ArrayList<>();
        for (ColumnSpec c : spec.outputColumns()) {
            columns.add(output.col("`" + c.name() + "`"));
        }
        columns.add(output.col(ReservedColumns.SOURCE));
        return output.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    /** {@code plan} with the source struct appended to every projection whose input has it. */
    static LogicalPlan carrySource(LogicalPlan plan) {
        List<LogicalPlan> children = new ArrayList<>();
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            children.add(carrySource(child));
        }
        LogicalPlan rebuilt = children.isEmpty() ? plan
                : plan.withNewChildren(CollectionConverters.asScala(children).toSeq());
        if (rebuilt instanceof Project project) {
            Optional<Attribute> source = find(project.child().output());
            boolean projected = CollectionConverters.asJava(project.projectList()).stream()
                    .anyMatch(e -> e.name().equals(ReservedColumns.SOURCE));
            if (source.isPresent() && !projected) {
                List<NamedExpression> list = new ArrayList<>(CollectionConverters.asJava(project.projectList()));
                list.add(source.get());
                return new Project(CollectionConverters.asScala(list).toSeq(), project.child());
            }
        }
        return rebuilt;
    }

    private static Optional<Attribute> find(scala.collection.immutable.Seq<Attribute> output) {
        return CollectionConverters.asJava(output).stream().filter(a -> a.name().equals(ReservedColumns.SOURCE)).findFirst();
    }

    private static void checkSchema(FeatureSetSpec spec, Dataset<Row> output, boolean intoRecord) {
        List<String> actual = new ArrayList<>();
        for (StructField f : output.schema().fields()) {
            if (!f.name().equals(ReservedColumns.SOURCE)) {
                actual.add(f.name() + ":" + ValueTypes.fromSpark(f.dataType()).map(Enum::name)
                        .orElse(f.dataType().simpleString()));
            }
        }
        List<String> expected = (intoRecord ? spec.record().orElseThrow().inputColumns() : spec.outputColumns())
                .stream().map(c -> c.name() + ":" + c.type().name()).toList();
        if (intoRecord ? !new HashSet<>(actual).equals(new HashSet<>(expected)) || actual.size() != expected.size()
                : !actual.equals(expected)) {
            throw FreshetErrors.schemaDrift(spec.name(), expected.toString(), actual.toString());
        }
        if (find(output.queryExecution().analyzed().output()).isEmpty()) {
            throw new IllegalStateException("feature set \"" + spec.name() + "\": the source position was lost in the"
                    + " transform's plan; the SQL must be row-level:\n" + output.queryExecution().analyzed());
        }
    }
}
