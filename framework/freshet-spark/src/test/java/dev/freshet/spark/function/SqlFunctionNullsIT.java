package dev.freshet.spark.function;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.testsupport.SharedSpark;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Null handling of SQL functions, for every mapped type, on a local SparkSession with the functions registered as the
 * engine registers them: a null into a boxed parameter is passed as null, a null into a primitive parameter makes the
 * result null without calling the method, a null result is SQL NULL, and a value goes through unchanged.
 */
class SqlFunctionNullsIT {

    private final SparkSession spark = SharedSpark.session();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "BOOLEAN|true|true",
        "BYTE|CAST(7 AS TINYINT)|true",
        "SHORT|CAST(7 AS SMALLINT)|true",
        "INT|7|true",
        "LONG|7L|true",
        "FLOAT|CAST(1.5 AS FLOAT)|true",
        "DOUBLE|1.5D|true",
        "STRING|'text'|false",
        "DECIMAL|CAST(12.25 AS DECIMAL(38,18))|false",
        "DATE|DATE'2026-06-01'|false",
        "TIMESTAMP|TIMESTAMP'2026-06-01 08:00:00'|false",
        "BINARY|X'CAFE'|false"
    })
    void nullsAndValuesOfEveryType(SqlFunctionType type, String value, boolean hasPrimitive) {
        String t = type.name().toLowerCase(Locale.ROOT);
        List<SqlFunctionSpec> functions = new java.util.ArrayList<>(List.of(
                new SqlFunctionSpec("same_" + t, List.of(new SqlFunctionParameter("x", type, false)), type,
                        "test.same(" + t + ")", arguments -> arguments[0]),
                new SqlFunctionSpec("none_" + t, List.of(), type, "test.none()", arguments -> null)));
        if (hasPrimitive) {
            functions.add(new SqlFunctionSpec("called_" + t, List.of(new SqlFunctionParameter("x", type, true)),
                    SqlFunctionType.STRING, "test.called(" + t + ")",
                    arguments -> "called with " + arguments[0].getClass().getSimpleName()));
        }
        FeatureSetSpec spec = aFeatureSet().functions(functions.toArray(SqlFunctionSpec[]::new)).build();
        String sqlType = type.sqlType();
        SqlFunctions.register(spark, spec);
        try {
            Row row = spark.sql("SELECT same_" + t + "(CAST(NULL AS " + sqlType + ")), none_" + t + "(),"
                    + " same_" + t + "(" + value + ") = " + value
                    + (hasPrimitive ? ", called_" + t + "(CAST(NULL AS " + sqlType + ")), called_" + t + "(" + value
                            + ")" : "")).first();

            assertThat(row.isNullAt(0)).as("a null argument is passed and returned").isTrue();
            assertThat(row.isNullAt(1)).as("a null result is SQL NULL").isTrue();
            assertThat(row.getBoolean(2)).as("a value round-trips").isTrue();
            if (hasPrimitive) {
                assertThat(row.isNullAt(3)).as("a null into a primitive parameter: not called").isTrue();
                assertThat(row.getString(4)).startsWith("called with ");
            }
        } finally {
            SqlFunctions.unregister(spark, spec);
        }
    }
}
