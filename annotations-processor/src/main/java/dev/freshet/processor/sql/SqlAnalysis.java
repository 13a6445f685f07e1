package dev.freshet.processor.sql;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.SqlFunctionSpec;
import java.util.List;

/** The outcome of analysing a feature set's SQL against its source schema, or a backfill's SQL against its views. */
public sealed interface SqlAnalysis {

    /**
     * One output column.
     *
     * @param name      column name
     * @param sparkType Spark's type, as SQL spells it ({@code bigint}, {@code array<string>})
     * @param type      the value type it maps to, or {@code null} if none
     */
    record Column(String name, String sparkType, ValueType type) {
    }

    /**
     * The SQL is row-level and analysed.
     *
     * @param columns   output columns in select-list order
     * @param functions the SQL functions the SQL calls, by name
     */
    record Analysed(List<Column> columns, List<String> functions) implements SqlAnalysis {
        /** Copies the lists. */
        public Analysed {
            columns = List.copyOf(columns);
            functions = List.copyOf(functions);
        }
    }

    /**
     * The SQL parses, reads only known views and calls only known functions, and was not analysed further: the
     * columns of what it reads are known only when the job runs (or it has a subquery in an expression, whose reads
     * the compile-time analysis does not bind).
     */
    record Parsed() implements SqlAnalysis {
    }

    /**
     * The SQL calls a function that is neither a built-in nor one of the SQL functions given.
     *
     * @param name the name it calls
     */
    record UnknownFunction(String name) implements SqlAnalysis {
    }

    /**
     * The SQL calls a SQL function with another number of arguments than it takes.
     *
     * @param function the function
     * @param given    how many arguments the SQL passes
     */
    record WrongArguments(SqlFunctionSpec function, int given) implements SqlAnalysis {
    }

    /**
     * The SQL does not parse.
     *
     * @param message Spark's message, first line
     */
    record SyntaxError(String message) implements SqlAnalysis {
    }

    /**
     * The SQL reads a table other than the source.
     *
     * @param table the table it names
     */
    record UnknownTable(String table) implements SqlAnalysis {
    }

    /**
     * Spark's analyzer rejects the SQL (unknown column, function, type error…).
     *
     * @param message Spark's message, first line
     */
    record AnalysisError(String message) implements SqlAnalysis {
    }

    /** What makes SQL not row-level. */
    enum Construct {
        /** {@code GROUP BY} or an aggregate function. */
        AGGREGATION,
        /** A window function ({@code OVER ...}). */
        WINDOW_FUNCTION,
        /** {@code DISTINCT}. */
        DISTINCT,
        /** {@code ORDER BY}. */
        ORDER_BY,
        /** {@code LIMIT} or {@code OFFSET}. */
        LIMIT,
        /** A join. */
        JOIN,
        /** {@code UNION}, with or without {@code ALL}. */
        UNION,
        /** {@code INTERSECT}. */
        INTERSECT,
        /** {@code EXCEPT}. */
        EXCEPT,
        /** {@code WITH RECURSIVE}. */
        RECURSION,
        /** A subquery in an expression, such as {@code IN (SELECT ...)}. */
        SUBQUERY_EXPRESSION,
        /** Another operator of Spark's plan, named by {@link NotRowLevel#operator}. */
        OTHER
    }

    /**
     * The SQL is valid Spark SQL but not row-level.
     *
     * @param construct what makes it so
     * @param operator  the name of the offending operator in Spark's plan, such as {@code Aggregate}
     */
    record NotRowLevel(Construct construct, String operator) implements SqlAnalysis {
    }
}
