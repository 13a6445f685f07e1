package dev.freshet.catalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.spec.SqlFunctionType;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;

class SqlFunctionTypesTest {

    @Test
    void eachJavaTypeHasTheSparkTypeTheDocsTableGives() {
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.BOOLEAN)).isEqualTo(DataTypes.BooleanType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.INT)).isEqualTo(DataTypes.IntegerType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.LONG)).isEqualTo(DataTypes.LongType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.DOUBLE)).isEqualTo(DataTypes.DoubleType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.STRING)).isEqualTo(DataTypes.StringType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.DECIMAL)).isEqualTo(DecimalType.apply(38, 18));
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.DATE)).isEqualTo(DataTypes.DateType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.TIMESTAMP)).isEqualTo(DataTypes.TimestampType);
        assertThat(SqlFunctionTypes.dataType(SqlFunctionType.BINARY)).isEqualTo(DataTypes.BinaryType);
    }

    @Test
    void primitiveAndBoxedEncodersGiveTheSameSparkType() {
        Arrays.stream(SqlFunctionType.values()).forEach(type -> assertThat(
                SqlFunctionTypes.encoder(type, true).schema().fields()[0].dataType())
                .as("%s", type).isEqualTo(SqlFunctionTypes.dataType(type)));
    }

    @Test
    void aScalaFunctionCallsItsBodyWithItsArgumentsInOrder() {
        Object f = ScalaFunctions.of(2, args -> args[0] + "-" + args[1]);
        @SuppressWarnings("unchecked")
        scala.Function2<Object, Object, Object> two = (scala.Function2<Object, Object, Object>) f;
        assertThat(two.apply("a", "b")).isEqualTo("a-b");
        assertThatThrownBy(() -> ScalaFunctions.of(ScalaFunctions.MAX_ARITY + 1, args -> null))
                .hasMessageContaining("at most 10 parameters, not 11");
    }
}
