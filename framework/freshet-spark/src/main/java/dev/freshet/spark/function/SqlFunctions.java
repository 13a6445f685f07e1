package dev.freshet.spark.function;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spi.SqlFunctionInvoker;
import dev.freshet.catalyst.ScalaFunctions;
import dev.freshet.catalyst.SqlFunctionTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Registers a feature set's {@link dev.freshet.api.SqlFunction}s on a session as Spark UDFs, from their generated
 * invokers: with the encoders of their Java types (as the processor typed them at compile time, so Spark casts the
 * arguments, skips the call when a primitive parameter gets a null, and converts {@code Instant}s, {@code LocalDate}s
 * and decimals the same way), and around the invoker a wrapper that turns an exception into a failure of the record
 * being transformed ({@link RecordInTransform}) and a null result.
 */
public final class SqlFunctions {

    private SqlFunctions() {}

    /** Registers {@code spec}'s functions on {@code spark} (temporary functions, replacing any of the same name). */
    public static void register(SparkSession spark, FeatureSetSpec spec) {
        for (SqlFunctionSpec f : spec.functions()) {
            List<Option<Encoder<?>>> inputs = new ArrayList<>();
            for (SqlFunctionParameter p : f.parameters()) {
                inputs.add(Option.apply(SqlFunctionTypes.encoder(p.type(), p.primitive())));
            }
            Object function = ScalaFunctions.of(f.parameters().size(), new Call(f.name(), f.method(), f.invoker()));
            spark.udf().register(f.name(), new SparkUserDefinedFunction(function, SqlFunctionTypes.dataType(f.returnType()),
                    CollectionConverters.asScala(inputs).toSeq(), Option.apply(SqlFunctionTypes.encoder(f.returnType(), false)),
                    Option.apply(f.name()), true, true));
        }
    }

    /** Drops {@code spec}'s functions from {@code spark}: a plan analysed with them keeps them. */
    public static void unregister(SparkSession spark, FeatureSetSpec spec) {
        for (SqlFunctionSpec f : spec.functions()) {
            spark.sql("DROP TEMPORARY FUNCTION IF EXISTS `" + f.name() + "`");
        }
    }

    /** Calls one function; what it throws on a record becomes that record's failure, and the result null. */
    private record Call(String name, String method, SqlFunctionInvoker invoker) implements ScalaFunctions.Body {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(Object[] arguments) {
            try {
                return invoker.invoke(arguments);
            } catch (RuntimeException e) {
                // Outside a Freshet pipeline (no record being transformed) the exception fails the query, as Spark's.
                RecordInTransform record = RecordInTransform.current().orElseThrow(() -> e);
                record.fail("SQL function " + name + " (" + method + ") threw " + e.getClass().getName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                return null;
            }
        }
    }
}
