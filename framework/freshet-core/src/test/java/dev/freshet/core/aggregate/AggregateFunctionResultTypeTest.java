package dev.freshet.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AggregateFunction#resultType}: the type of every feature, fixed at compile time. */
class AggregateFunctionResultTypeTest {

    @ParameterizedTest(name = "{0}({1}) is {2}")
    @CsvSource({
        "COUNT,               STRING,    LONG",
        "COUNT,               BOOLEAN,   LONG",
        "COUNT,               TIMESTAMP, LONG",
        "SUM,                 INT,       LONG",
        "SUM,                 LONG,      LONG",
        "SUM,                 FLOAT,     DOUBLE",
        "SUM,                 DOUBLE,    DOUBLE",
        "SUM,                 DECIMAL,   DOUBLE",
        "MIN,                 INT,       LONG",
        "MAX,                 LONG,      LONG",
        "MIN,                 DECIMAL,   DOUBLE",
        "MAX,                 DOUBLE,    DOUBLE",
        "AVG,                 INT,       DOUBLE",
        "AVG,                 LONG,      DOUBLE",
        "AVG,                 DECIMAL,   DOUBLE",
        "BOOLEAN_OR,          BOOLEAN,   BOOLEAN",
        "BOOLEAN_AND,         BOOLEAN,   BOOLEAN",
        "SAMPLE_VARIANCE,     INT,       DOUBLE",
        "SAMPLE_STDEV,        LONG,      DOUBLE",
        "POPULATION_VARIANCE, DOUBLE,    DOUBLE",
        "POPULATION_STDEV,    DECIMAL,   DOUBLE",
    })
    void resultTypeOfAFunctionOverAColumn(AggregateFunction function, ValueType input, ValueType result) {
        assertThat(function.resultType(input)).isEqualTo(result);
    }

    @ParameterizedTest(name = "{0}(STRING)")
    @EnumSource(value = AggregateFunction.class,
            names = {"SUM", "AVG", "MIN", "MAX", "SAMPLE_VARIANCE", "SAMPLE_STDEV", "POPULATION_VARIANCE",
                "POPULATION_STDEV"})
    void numericFunctionsRejectANonNumericColumn(AggregateFunction function) {
        assertThatIllegalArgumentException().isThrownBy(() -> function.resultType(ValueType.STRING))
                .withMessage(function + " needs a numeric column, not STRING");
        assertThatIllegalArgumentException().isThrownBy(() -> function.resultType(ValueType.BOOLEAN))
                .withMessage(function + " needs a numeric column, not BOOLEAN");
        assertThatIllegalArgumentException().isThrownBy(() -> function.resultType(ValueType.TIMESTAMP))
                .withMessage(function + " needs a numeric column, not TIMESTAMP");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = AggregateFunction.class, names = {"BOOLEAN_OR", "BOOLEAN_AND"})
    void booleanFunctionsRejectANonBooleanColumn(AggregateFunction function) {
        assertThatIllegalArgumentException().isThrownBy(() -> function.resultType(ValueType.INT))
                .withMessage(function + " needs a boolean column, not INT");
        assertThatIllegalArgumentException().isThrownBy(() -> function.resultType(ValueType.STRING))
                .withMessage(function + " needs a boolean column, not STRING");
    }
}
