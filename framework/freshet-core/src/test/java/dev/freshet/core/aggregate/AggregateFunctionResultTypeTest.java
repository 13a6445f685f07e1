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

    @ParameterizedTest(name = "{0}: numeric {1}, integral {2}, key {3}")
    @CsvSource({
        "STRING,    false, false, true",
        "BOOLEAN,   false, false, false",
        "INT,       true,  true,  true",
        "LONG,      true,  true,  true",
        "FLOAT,     true,  false, false",
        "DOUBLE,    true,  false, false",
        "DECIMAL,   true,  false, false",
        "DATE,      false, false, false",
        "TIMESTAMP, false, false, false",
    })
    void valueTypesSayWhetherTheyAreNumbersWholeNumbersAndKeys(ValueType type, boolean numeric, boolean integral,
            boolean key) {
        assertThat(type.numeric()).isEqualTo(numeric);
        assertThat(type.integral()).isEqualTo(integral);
        assertThat(type.usableAsKey()).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AggregateFunction.class)
    void aFunctionAcceptsExactlyTheColumnsItHasAResultTypeFor(AggregateFunction function) {
        for (ValueType input : ValueType.values()) {
            boolean accepted = function.accepts(input);
            boolean typed;
            try {
                function.resultType(input);
                typed = true;
            } catch (IllegalArgumentException e) {
                typed = false;
            }
            assertThat(accepted).as("%s(%s)", function, input).isEqualTo(typed);
            assertThat(accepted).as("%s(%s)", function, input).isEqualTo(function == AggregateFunction.COUNT
                    || (function.bool() ? input == ValueType.BOOLEAN : input.numeric()));
        }
    }
}
