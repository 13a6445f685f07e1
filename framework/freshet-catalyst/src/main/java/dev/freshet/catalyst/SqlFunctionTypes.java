package dev.freshet.catalyst;

import dev.freshet.api.spec.SqlFunctionType;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataType;

/**
 * The Spark side of each {@link SqlFunctionType}: the encoder that converts a Java SQL function's arguments and
 * result, and the Spark SQL type of its values. One mapping for the processor's analysis and the engine's
 * registration, so a function is typed at compile time exactly as it runs.
 *
 * <pre>{@code
 * Encoder<?> amount = SqlFunctionTypes.encoder(SqlFunctionType.DOUBLE, true);   // a Java double
 * DataType day = SqlFunctionTypes.dataType(SqlFunctionType.DATE);               // DateType, a LocalDate in Java
 * }</pre>
 */
public final class SqlFunctionTypes {

    private SqlFunctionTypes() {}

    /**
     * The encoder of values of {@code type}; a primitive one when Java passes a primitive (Spark then does not call
     * the function for a null argument, and the result is null).
     */
    public static Encoder<?> encoder(SqlFunctionType type, boolean primitive) {
        return switch (type) {
            case BOOLEAN -> primitive ? Encoders.scalaBoolean() : Encoders.BOOLEAN();
            case BYTE -> primitive ? Encoders.scalaByte() : Encoders.BYTE();
            case SHORT -> primitive ? Encoders.scalaShort() : Encoders.SHORT();
            case INT -> primitive ? Encoders.scalaInt() : Encoders.INT();
            case LONG -> primitive ? Encoders.scalaLong() : Encoders.LONG();
            case FLOAT -> primitive ? Encoders.scalaFloat() : Encoders.FLOAT();
            case DOUBLE -> primitive ? Encoders.scalaDouble() : Encoders.DOUBLE();
            case STRING -> Encoders.STRING();
            case DECIMAL -> Encoders.DECIMAL();
            case DATE -> Encoders.LOCALDATE();
            case TIMESTAMP -> Encoders.INSTANT();
            case BINARY -> Encoders.BINARY();
        };
    }

    /** The Spark SQL type of values of {@code type}. */
    public static DataType dataType(SqlFunctionType type) {
        return encoder(type, false).schema().fields()[0].dataType();
    }
}
