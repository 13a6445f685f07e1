package dev.freshet.processor.sql;

import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.catalyst.ScalaFunctions;
import dev.freshet.catalyst.SqlFunctionTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.types.DataType;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * A SQL function as Catalyst's analyzer sees it at compile time: a {@link ScalaUDF} with the encoders of its Java
 * parameter and result types, exactly as the engine registers it (so the implicit casts, the null handling of
 * primitive parameters and the result type are Spark's own), but around a placeholder, as the method cannot run in
 * the compiler.
 */
final class SqlFunctionExpressions {

    private SqlFunctionExpressions() {}

    /** The function builder the catalog calls for each call of {@code function} in the SQL. */
    static scala.Function1<Seq<Expression>, Expression> builder(SqlFunctionSpec function) {
        return new Builder(function);
    }

    /** The Spark type of values of {@code type}. */
    static DataType dataType(SqlFunctionType type) {
        return SqlFunctionTypes.dataType(type);
    }

    private static ExpressionEncoder<?> expressionEncoder(SqlFunctionType type, boolean primitive) {
        return ExpressionEncoder$.MODULE$.apply((AgnosticEncoder<?>) SqlFunctionTypes.encoder(type, primitive));
    }

    /** Thrown by a builder when the SQL passes another number of arguments than the function takes. */
    static final class WrongArgumentCount extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SqlFunctionSpec function;
        private final int given;

        WrongArgumentCount(SqlFunctionSpec function, int given) {
            super(function.name(), null, false, false);
            this.function = function;
            this.given = given;
        }

        SqlFunctionSpec function() {
            return function;
        }

        int given() {
            return given;
        }
    }

    private static final class Builder extends AbstractFunction1<Seq<Expression>, Expression>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SqlFunctionSpec function;

        Builder(SqlFunctionSpec function) {
            this.function = function;
        }

        /** Stands for the method in the analysed plan, which is never executed. */
        private static Object notAtCompileTime(Object[] arguments) {
            throw new UnsupportedOperationException("SQL functions do not run at compile time");
        }

        @Override
        public Expression apply(Seq<Expression> children) {
            if (children.size() != function.parameters().size()) {
                throw new WrongArgumentCount(function, children.size());
            }
            List<Option<ExpressionEncoder<?>>> inputs = new ArrayList<>();
            for (SqlFunctionParameter p : function.parameters()) {
                inputs.add(Option.apply(expressionEncoder(p.type(), p.primitive())));
            }
            return new ScalaUDF(ScalaFunctions.of(children.size(), Builder::notAtCompileTime), dataType(function.returnType()), children,
                    CollectionConverters.asScala(inputs).toSeq(),
                    Option.apply(expressionEncoder(function.returnType(), false)), Option.apply(function.name()),
                    true, true);
        }
    }

}
