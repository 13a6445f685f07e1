package dev.freshet.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value type of each Spark SQL type name, and back. */
class SqlTypeNamesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "STRING    | string",
        "BOOLEAN   | boolean",
        "INT       | int",
        "LONG      | bigint",
        "FLOAT     | float",
        "DOUBLE    | double",
        "DECIMAL   | decimal(38,18)",
        "DATE      | date",
        "TIMESTAMP | timestamp",
    })
    void namesEachValueTypeAsSparkSqlDoes(ValueType type, String name) {
        assertThat(SqlTypeNames.name(type)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ValueType.class)
    void readsItsOwnNamesBack(ValueType type) {
        assertThat(SqlTypeNames.valueType(SqlTypeNames.name(type))).hasValue(type);
    }

    @Test
    void writesTimestampsAsInstantsInDdlWhateverTheSessionsDefaultTimestampType() {
        assertThat(SqlTypeNames.ddl(ValueType.TIMESTAMP)).isEqualTo("timestamp_ltz");
        assertThat(SqlTypeNames.ddl(ValueType.LONG)).isEqualTo("bigint");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "tinyint                   | INT",
        "smallint                  | INT",
        "decimal(10,2)             | DECIMAL",
        "decimal(38, 0)            | DECIMAL",
        "char(3)                   | STRING",
        "varchar(40)               | STRING",
        "string collate UTF8_LCASE | STRING",
        "BIGINT                    | LONG",
    })
    void readsTheOtherSparkTypesTheStoreCanHold(String name, ValueType type) {
        assertThat(SqlTypeNames.valueType(name)).hasValue(type);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timestamp_ntz", "binary", "array<string>", "map<string,int>", "struct<a:int>", "void",
        "interval day", "interval year to month", "variant", "decimal", "strings"})
    void hasNoValueTypeForTypesTheStoreCannotHold(String name) {
        assertThat(SqlTypeNames.valueType(name)).isEmpty();
    }
}
