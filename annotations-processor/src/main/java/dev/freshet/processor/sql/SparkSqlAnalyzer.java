package dev.freshet.processor.sql;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.core.schema.SqlTypeNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.QueryPlanningTracker;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.FunctionIdentifier$;
import org.apache.spark.sql.catalyst.analysis.Analyzer;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.catalog.InMemoryCatalog;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias$;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.apache.spark.sql.connector.catalog.CatalogManager$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Analyses feature-set SQL at compile time with Spark's own parser and analyzer, against an empty in-memory relation
 * with the source's schema: syntax, unknown tables and columns (with Spark's suggestions), output names and exact
 * types, and whether the plan is row-level (common table expressions over the source included, as the engine runs
 * the same SQL with the source registered as a view under its name). No SparkSession, no SparkContext, no I/O.
 *
 * <p>Creating the analyzer loads much of Catalyst (a few seconds, once per JVM), so one instance is shared by every
 * compilation of a javac process (and by the tests of this module). Spark's analyzer is not documented as
 * thread-safe: calls are serialized.
 */
public final class SparkSqlAnalyzer {

    private static SparkSqlAnalyzer shared;

    private final Analyzer analyzer;
    /** The catalog's functions: a copy of the built-ins, to which each analysis adds its SQL functions for its time. */
    private final FunctionRegistry functions;

    private SparkSqlAnalyzer() {
        // A copy: FunctionRegistry.builtin() is shared by every Catalyst user of the JVM, and SQL functions are added
        // to the catalog's registry.
        this.functions = FunctionRegistry$.MODULE$.builtin().clone();
        SessionCatalog catalog = new SessionCatalog(new InMemoryCatalog(new org.apache.spark.SparkConf(false),
                new org.apache.hadoop.conf.Configuration(false)), functions);
        this.analyzer = new Analyzer(catalog);
    }

    /** Whether {@code name} is a Spark built-in function or operator name, which SQL would resolve first. */
    public synchronized boolean isBuiltin(String name) {
        return FunctionRegistry$.MODULE$.builtin().functionExists(
                        FunctionRegistry$.MODULE$.builtinFunctionIdentifier(name.toLowerCase(Locale.ROOT)))
                || FunctionRegistry$.MODULE$.builtinOperators().contains(name.toLowerCase(Locale.ROOT));
    }

    /** The names of Spark's built-in functions, for suggestions. */
    public synchronized List<String> builtinNames() {
        List<String> names = new ArrayList<>();
        for (FunctionIdentifier f : CollectionConverters.asJava(FunctionRegistry$.MODULE$.builtin().listFunction())) {
            names.add(f.funcName());
        }
        return names;
    }

    /** The analyzer of this JVM. */
    public static synchronized SparkSqlAnalyzer shared() {
        if (shared == null) {
            shared = new SparkSqlAnalyzer();
        }
        return shared;
    }

    /** Analyses {@code sql} reading source {@code sourceName} with {@code schema}, calling no SQL function. */
    public SqlAnalysis analyse(String sql, String sourceName, List<SourceFieldSpec> schema) {
        return analyse(sql, sourceName, schema, List.of());
    }

    /**
     * Analyses {@code sql} reading source {@code sourceName} with {@code schema}; the SQL may call {@code functions},
     * which are typed as declared (their implementation cannot run here and is not needed).
     */
    public synchronized SqlAnalysis analyse(String sql, String sourceName, List<SourceFieldSpec> schema,
            List<SqlFunctionSpec> functions) {
        for (SqlFunctionSpec f : functions) {
            this.functions.createOrReplaceTempFunction(f.name(), SqlFunctionExpressions.builder(f), "scala_udf");
        }
        try {
            return analyseWithFunctions(sql, sourceName, schema, functions);
        } finally {
            for (SqlFunctionSpec f : functions) {
                // Temporary functions live in system.session, where createOrReplaceTempFunction put them.
                this.functions.dropFunction(FunctionIdentifier$.MODULE$.apply(f.name(),
                        Option.apply(CatalogManager$.MODULE$.SESSION_NAMESPACE()),
                        Option.apply(CatalogManager$.MODULE$.SYSTEM_CATALOG_NAME())));
            }
        }
    }

    private SqlAnalysis analyseWithFunctions(String sql, String sourceName, List<SourceFieldSpec> schema,
            List<SqlFunctionSpec> functions) {
        LogicalPlan parsed;
        try {
            parsed = parse(sql);
        } catch (SyntaxException e) {
            return e.error;
        }
        // Subqueries in expressions read tables the source binding below does not reach: refuse them up front.
        if (containsSubquery(parsed)) {
            return new SqlAnalysis.NotRowLevel(SqlAnalysis.Construct.SUBQUERY_EXPRESSION, "SubqueryExpression");
        }
        // Catalyst would look an unknown function up in the session catalog, which there is none of here: name it first.
        Set<String> known = new HashSet<>();
        functions.forEach(f -> known.add(f.name()));
        String unknown = unknownFunction(parsed, known);
        if (unknown != null) {
            return new SqlAnalysis.UnknownFunction(unknown);
        }
        List<ColumnSpec> columns = schema.stream().map(f -> new ColumnSpec(f.column(), f.type())).toList();
        LogicalPlan bound;
        try {
            bound = bindSources(parsed, relations(Map.of(sourceName, columns)), Set.of());
        } catch (UnknownTableException e) {
            return new SqlAnalysis.UnknownTable(e.table);
        }
        LogicalPlan analysed;
        try {
            analysed = analysed(bound);
        } catch (SqlFunctionExpressions.WrongArgumentCount e) {
            return new SqlAnalysis.WrongArguments(e.function(), e.given());
        } catch (AnalysisFailure e) {
            return e.outcome;
        }
        SqlAnalysis.NotRowLevel offending = firstNonRowLevel(analysed);
        if (offending != null) {
            return offending;
        }
        return new SqlAnalysis.Analysed(columns(analysed), calledFunctions(analysed, functions));
    }

    /**
     * Analyses batch SQL (a backfill's) reading the {@code views}, each with its columns, calling Spark's built-in
     * functions only. Unlike a feature set's SQL it may aggregate, join and union: it runs once over bounded data.
     * SQL with a subquery in an expression is only parsed ({@link SqlAnalysis.Parsed}): the views are bound in the
     * query's own plan, which does not reach a subquery's.
     */
    public synchronized SqlAnalysis analyseBatch(String sql, Map<String, List<ColumnSpec>> views) {
        return batch(sql, views, bound -> {
            if (containsSubquery(bound)) {
                return new SqlAnalysis.Parsed();
            }
            try {
                return new SqlAnalysis.Analysed(columns(analysed(bound)), List.of());
            } catch (AnalysisFailure e) {
                return e.outcome;
            }
        });
    }

    /**
     * Checks batch SQL reading the views named {@code views}, whose columns are known only when the job runs: its
     * syntax, that it reads only those views and calls only Spark's built-in functions; {@link SqlAnalysis.Parsed} if
     * nothing is wrong.
     */
    public synchronized SqlAnalysis parseBatch(String sql, Set<String> views) {
        Map<String, List<ColumnSpec>> empty = new LinkedHashMap<>();
        views.forEach(v -> empty.put(v, List.of()));
        return batch(sql, empty, bound -> new SqlAnalysis.Parsed());
    }

    /**
     * What is wrong with batch {@code sql} over {@code views} before its analysis (its syntax, functions and tables),
     * or else what {@code then} finds of its plan with the views bound.
     */
    private SqlAnalysis batch(String sql, Map<String, List<ColumnSpec>> views,
            Function<LogicalPlan, SqlAnalysis> then) {
        LogicalPlan bound;
        try {
            bound = bindBatch(sql, views);
        } catch (SyntaxException e) {
            return e.error;
        } catch (UnknownFunctionException e) {
            return new SqlAnalysis.UnknownFunction(e.name);
        } catch (UnknownTableException e) {
            return new SqlAnalysis.UnknownTable(e.table);
        }
        return then.apply(bound);
    }

    /** {@code sql} parsed, calling built-in functions only, with {@code views} bound to relations of their columns. */
    private LogicalPlan bindBatch(String sql, Map<String, List<ColumnSpec>> views) {
        LogicalPlan parsed = parse(sql);
        String unknown = unknownFunction(parsed, Set.of());
        if (unknown != null) {
            throw new UnknownFunctionException(unknown);
        }
        return bindSources(parsed, relations(views), Set.of());
    }

    /**
     * {@code sql} parsed.
     *
     * @throws SyntaxException if it does not parse
     */
    private static LogicalPlan parse(String sql) {
        try {
            return CatalystSqlParser$.MODULE$.parsePlan(sql);
        } catch (Exception e) { // Scala code: ParseException is checked in Java but not declared
            if (e instanceof ParseException) {
                throw new SyntaxException(new SqlAnalysis.SyntaxError(firstLine(e.getMessage())));
            }
            throw e;
        }
    }

    /** The output columns of an analysed plan, with their value types. */
    private static List<SqlAnalysis.Column> columns(LogicalPlan analysed) {
        List<SqlAnalysis.Column> columns = new ArrayList<>();
        for (StructField f : analysed.schema().fields()) {
            String sparkType = f.dataType().simpleString();
            columns.add(new SqlAnalysis.Column(f.name(), sparkType, SqlTypeNames.valueType(sparkType).orElse(null)));
        }
        return columns;
    }

    /**
     * {@code bound} analysed by Catalyst.
     *
     * @throws AnalysisFailure with what the analyzer refuses: an unknown function, or anything else it says (a SQL
     *                         function called with the wrong number of arguments throws its own exception)
     */
    private LogicalPlan analysed(LogicalPlan bound) {
        try {
            return analyzer.executeAndCheck(bound, new QueryPlanningTracker(scala.Option.empty()));
        } catch (Exception e) { // Scala code: AnalysisException is checked in Java but not declared
            if (e instanceof AnalysisException a) {
                if ("UNRESOLVED_ROUTINE".equals(a.getCondition())) {
                    String routine = a.getMessageParameters().getOrDefault("routineName", "");
                    throw new AnalysisFailure(new SqlAnalysis.UnknownFunction(unquote(routine)));
                }
                throw new AnalysisFailure(new SqlAnalysis.AnalysisError(firstLine(e.getMessage())));
            }
            throw e;
        }
    }

    /** The first function {@code plan} calls that is neither built in nor {@code known}; {@code null} if none. */
    private String unknownFunction(LogicalPlan plan, Set<String> known) {
        for (Expression e : CollectionConverters.asJava(plan.expressions())) {
            String found = unknownFunction(e, known);
            if (found != null) {
                return found;
            }
        }
        List<LogicalPlan> children = new ArrayList<>(CollectionConverters.asJava(plan.children()));
        if (plan instanceof UnresolvedWith with) {
            for (Tuple3<String, SubqueryAlias, Option<Object>> d : CollectionConverters.asJava(with.cteRelations())) {
                children.add(d._2());
            }
        }
        for (LogicalPlan child : children) {
            String found = unknownFunction(child, known);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String unknownFunction(Expression e, Set<String> known) {
        if (e instanceof UnresolvedFunction f && f.nameParts().size() == 1) {
            String name = f.nameParts().head();
            if (!known.contains(name.toLowerCase(Locale.ROOT)) && !isBuiltin(name)) {
                return name;
            }
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            String found = unknownFunction(child, known);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The names of {@code declared} that {@code plan} calls, in declaration order. */
    private static List<String> calledFunctions(LogicalPlan plan, List<SqlFunctionSpec> declared) {
        Set<String> called = new HashSet<>();
        collectCalls(plan, called);
        return declared.stream().map(SqlFunctionSpec::name).filter(called::contains).toList();
    }

    private static void collectCalls(LogicalPlan plan, Set<String> called) {
        for (Expression e : CollectionConverters.asJava(plan.expressions())) {
            collectCalls(e, called);
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            collectCalls(child, called);
        }
    }

    private static void collectCalls(Expression e, Set<String> called) {
        if (e instanceof ScalaUDF udf && udf.udfName().isDefined()) {
            called.add(udf.udfName().get());
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            collectCalls(child, called);
        }
    }

    /** A routine name as Spark quotes it in messages ({@code `normalise_page`}), without the quotes. */
    private static String unquote(String routine) {
        String r = routine.strip();
        int dot = r.lastIndexOf("`.`");
        if (dot >= 0) {
            r = r.substring(dot + 2);
        }
        return r.replace("`", "");
    }

    /** An empty relation per view, with its columns (all nullable), by the view's name in lower case. */
    private static Map<String, LocalRelation> relations(Map<String, List<ColumnSpec>> views) {
        Map<String, LocalRelation> relations = new LinkedHashMap<>();
        views.forEach((name, columns) -> {
            StructType struct = new StructType();
            for (ColumnSpec c : columns) {
                struct = struct.add(c.name(), DataType.fromDDL(SqlTypeNames.ddl(c.type())), true);
            }
            relations.put(name.toLowerCase(Locale.ROOT), LocalRelation$.MODULE$.apply(struct));
        });
        return relations;
    }

    /**
     * {@code plan} with every reference to a view replaced by its relation in {@code relations} (by lower-case name).
     * Common table expressions follow SQL's scoping: a {@code WITH} name is visible in its query and in the
     * definitions after its own (in its own too, under {@code WITH RECURSIVE}), and hides a view of that name there;
     * Catalyst resolves those references itself.
     *
     * @throws UnknownTableException for a table that is neither a view nor a visible common table expression
     */
    private static LogicalPlan bindSources(LogicalPlan plan, Map<String, LocalRelation> relations,
            Set<String> cteNames) {
        if (plan instanceof UnresolvedRelation u) {
            List<String> parts = CollectionConverters.asJava(u.multipartIdentifier());
            String table = String.join(".", parts);
            if (parts.size() == 1 && cteNames.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
                return plan;
            }
            LocalRelation relation = parts.size() == 1 ? relations.get(parts.get(0).toLowerCase(Locale.ROOT)) : null;
            if (relation != null) {
                return SubqueryAlias$.MODULE$.apply(parts.get(0), relation);
            }
            throw new UnknownTableException(table);
        }
        if (plan instanceof UnresolvedWith with) {
            Set<String> visible = new HashSet<>(cteNames);
            List<Tuple3<String, SubqueryAlias, Option<Object>>> definitions = new ArrayList<>();
            for (Tuple3<String, SubqueryAlias, Option<Object>> d : CollectionConverters.asJava(with.cteRelations())) {
                String name = d._1().toLowerCase(Locale.ROOT);
                if (with.allowRecursion()) {
                    visible.add(name);
                }
                SubqueryAlias bound = (SubqueryAlias) bindSources(d._2(), relations, visible);
                visible.add(name);
                definitions.add(new Tuple3<>(d._1(), bound, d._3()));
            }
            return with.copy(bindSources(with.child(), relations, visible),
                    CollectionConverters.asScala(definitions).toSeq(), with.allowRecursion());
        }
        List<LogicalPlan> children = new ArrayList<>();
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            children.add(bindSources(child, relations, cteNames));
        }
        return children.isEmpty() ? plan : plan.withNewChildren(CollectionConverters.asScala(children).toSeq());
    }

    /** The first operator of {@code plan} that is not row-level; {@code null} if none. */
    private static SqlAnalysis.NotRowLevel firstNonRowLevel(LogicalPlan plan) {
        // Common table expressions stay in the analysed plan as WithCTE, whose children are the definitions (each a
        // CTERelationDef over its query, checked like any subquery) and the main query, which reads them through
        // CTERelationRef leaves.
        boolean rowLevel = plan instanceof Project || plan instanceof Filter || plan instanceof SubqueryAlias
                || plan instanceof LocalRelation || plan instanceof Generate || plan instanceof WithCTE
                || plan instanceof CTERelationDef || plan instanceof CTERelationRef;
        if (!rowLevel) {
            // UNION (without ALL) is a Distinct over a Union: name what the user wrote.
            boolean union = plan.nodeName().equals("Distinct") && plan.children().size() == 1
                    && plan.children().head().nodeName().equals("Union");
            return new SqlAnalysis.NotRowLevel(union ? SqlAnalysis.Construct.UNION : construct(plan), plan.nodeName());
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            SqlAnalysis.NotRowLevel found = firstNonRowLevel(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean containsSubquery(LogicalPlan plan) {
        for (Expression e : CollectionConverters.asJava(plan.expressions())) {
            if (containsSubquery(e)) {
                return true;
            }
        }
        if (plan instanceof UnresolvedWith with) {
            // The definitions of a WITH are not among its children.
            for (Tuple3<String, SubqueryAlias, Option<Object>> d : CollectionConverters.asJava(with.cteRelations())) {
                if (containsSubquery(d._2())) {
                    return true;
                }
            }
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            if (containsSubquery(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsSubquery(Expression e) {
        if (e instanceof SubqueryExpression) {
            return true;
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            if (containsSubquery(child)) {
                return true;
            }
        }
        return false;
    }

    private static SqlAnalysis.Construct construct(LogicalPlan plan) {
        return switch (plan.nodeName()) {
            case "Aggregate" -> SqlAnalysis.Construct.AGGREGATION;
            case "Window" -> SqlAnalysis.Construct.WINDOW_FUNCTION;
            case "Distinct", "Deduplicate" -> SqlAnalysis.Construct.DISTINCT;
            case "Sort" -> SqlAnalysis.Construct.ORDER_BY;
            case "GlobalLimit", "LocalLimit", "Offset", "Tail" -> SqlAnalysis.Construct.LIMIT;
            case "Join" -> SqlAnalysis.Construct.JOIN;
            case "Union" -> SqlAnalysis.Construct.UNION;
            case "Intersect" -> SqlAnalysis.Construct.INTERSECT;
            case "Except" -> SqlAnalysis.Construct.EXCEPT;
            case "UnionLoop" -> SqlAnalysis.Construct.RECURSION;
            default -> SqlAnalysis.Construct.OTHER;
        };
    }

    private static String firstLine(String message) {
        String line = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
        return line.endsWith(";") ? line.substring(0, line.length() - 1) : line;
    }

    private static final class UnknownTableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String table;

        UnknownTableException(String table) {
            super(table, null, false, false);
            this.table = table;
        }
    }

    /** SQL that does not parse, as the outcome to report. */
    private static final class SyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SqlAnalysis.SyntaxError error;

        SyntaxException(SqlAnalysis.SyntaxError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** SQL calling a function that is not built in, where no other function may be called. */
    private static final class UnknownFunctionException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;

        UnknownFunctionException(String name) {
            super(name, null, false, false);
            this.name = name;
        }
    }

    /** What Catalyst's analysis refuses, as the outcome to report. */
    private static final class AnalysisFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SqlAnalysis outcome;

        AnalysisFailure(SqlAnalysis outcome) {
            super(outcome.toString(), null, false, false);
            this.outcome = outcome;
        }
    }
}
