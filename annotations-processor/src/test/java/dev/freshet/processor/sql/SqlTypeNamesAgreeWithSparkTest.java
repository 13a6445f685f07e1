package dev.freshet.processor.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ValueType;
import dev.freshet.core.schema.SqlTypeNames;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Core's {@link SqlTypeNames} against Spark's own types: what the processor and the engine read with
 * {@code DataType.fromDDL} and map back by {@code simpleString}.
 */
class SqlTypeNamesAgreeWithSparkTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ValueType.class)
    void everyValueTypeRoundTripsThroughSparksType(ValueType type) {
        DataType spark = DataType.fromDDL(SqlTypeNames.ddl(type));

        assertThat(spark.simpleString()).isEqualTo(SqlTypeNames.name(type));
        assertThat(SqlTypeNames.valueType(spark.simpleString())).hasValue(type);
    }

    @Test
    void timestampsAreInstantsNotLocalDateTimes() {
        assertThat(DataType.fromDDL(SqlTypeNames.ddl(ValueType.TIMESTAMP))).isEqualTo(DataTypes.TimestampType);
        assertThat(DataType.fromDDL(SqlTypeNames.ddl(ValueType.DECIMAL)))
                .isEqualTo(DataTypes.createDecimalType(38, 18));
    }

    @Test
    void sparkTypesMapAsTheyDidByClass() {
        List<DataType> storable = List.of(DataTypes.StringType, DataTypes.BooleanType, DataTypes.ByteType,
                DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
                DataTypes.DoubleType, DataTypes.createDecimalType(10, 2), DataTypes.DateType, DataTypes.TimestampType,
                DataType.fromDDL("char(3)"), DataType.fromDDL("varchar(5)"),
                DataType.fromDDL("string collate UTF8_LCASE"));
        List<ValueType> expected = List.of(ValueType.STRING, ValueType.BOOLEAN, ValueType.INT, ValueType.INT,
                ValueType.INT, ValueType.LONG, ValueType.FLOAT, ValueType.DOUBLE, ValueType.DECIMAL, ValueType.DATE,
                ValueType.TIMESTAMP, ValueType.STRING, ValueType.STRING, ValueType.STRING);

        assertThat(storable.stream().map(t -> SqlTypeNames.valueType(t.simpleString())).toList())
                .containsExactlyElementsOf(expected.stream().map(Optional::of).toList());
    }

    @Test
    void sparkTypesTheStoreCannotHoldHaveNoValueType() {
        List<DataType> others = List.of(DataTypes.TimestampNTZType, DataTypes.BinaryType, DataTypes.NullType,
                DataTypes.CalendarIntervalType, DataTypes.createArrayType(DataTypes.StringType),
                DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType),
                new StructType().add("a", DataTypes.IntegerType), DataType.fromDDL("interval day"));

        assertThat(others).allSatisfy(t -> assertThat(SqlTypeNames.valueType(t.simpleString())).isEmpty());
    }
}
