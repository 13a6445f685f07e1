package dev.freshet.spark.offline;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.spark.schema.ValueTypes;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * What the labels of {@link HistoricalFeatures#pointInTime} must hold, checked before any Spark work: a label-time
 * column of type {@code timestamp} (an instant), and each requested feature set's key columns, by name, of the key's
 * type ({@code int} and {@code bigint} interchangeably). Anything else is refused with the conversion to make, rather
 * than guessed: a date could mean the start or the end of its day, and a key of another type would match no entity
 * (a double {@code 42.0} is not the key {@code 42}).
 */
final class LabelSchema {

    private LabelSchema() {}

    /**
     * Checks the label-time column.
     *
     * @param sessionZone the session's time zone, in which Spark reads dates, local date-times and offset-less text
     * @throws IllegalArgumentException naming the column, its type and the conversion to a timestamp
     */
    static void checkTime(StructType labels, String column, String sessionZone) {
        checkColumn(labels, column, "the label time");
        DataType type = labels.apply(column).dataType();
        if (type instanceof TimestampType) {
            return;
        }
        throw new IllegalArgumentException("label column \"" + column + "\" is " + type.simpleString()
                + ", not a timestamp: features are retrieved as of an instant. " + timeFix(column, type, sessionZone));
    }

    private static String timeFix(String column, DataType type, String zone) {
        String withColumn = "labels.withColumn(\"" + column + "\", ";
        String col = "col(\"" + column + "\")";
        if (type instanceof DateType) {
            return "A date is no instant: convert it to the one you mean, such as " + withColumn + col
                    + ".cast(\"timestamp\")) for the start of the day in the session time zone (" + zone + "), which"
                    + " sees only events before that day";
        }
        if (type instanceof StringType) {
            return "Convert it, such as " + withColumn + "to_timestamp(" + col + ")) (text without an offset is read"
                    + " in the session time zone, " + zone + ")";
        }
        if (type instanceof TimestampNTZType) {
            return "It is a local date-time without a time zone: convert it, such as " + withColumn + col
                    + ".cast(\"timestamp\")) (read in the session time zone, " + zone + ")";
        }
        if (type instanceof IntegerType || type instanceof LongType) {
            return "If it holds epoch milliseconds, convert it, such as " + withColumn + "timestamp_millis(" + col
                    + ")) (timestamp_seconds for epoch seconds)";
        }
        if (type instanceof DoubleType || type instanceof FloatType || type instanceof DecimalType) {
            return "If it holds epoch seconds, convert it, such as " + withColumn + "timestamp_seconds(" + col + "))";
        }
        return "Give the labels a timestamp column, and name it as the label time";
    }

    /**
     * Checks key column {@code key} of {@code spec} in the labels.
     *
     * @throws IllegalArgumentException if the labels lack it, or hold it with another type (with the cast to make)
     */
    static void checkKey(StructType labels, FeatureSetSpec spec, String key) {
        checkColumn(labels, key, "a key column of feature set \"" + spec.name() + "\"");
        DataType type = labels.apply(key).dataType();
        ValueType keyType = spec.column(key).orElseThrow().type();
        Optional<ValueType> labelType = ValueTypes.fromSpark(type);
        if (labelType.isPresent()
                && (labelType.get() == keyType || labelType.get().integral() && keyType.integral())) {
            return;
        }
        String sparkType = ValueTypes.toSpark(keyType).simpleString();
        throw new IllegalArgumentException("label column \"" + key + "\" is " + type.simpleString() + ", but feature"
                + " set \"" + spec.name() + "\" keys its entities by " + key + " of type " + sparkType + ", and a key"
                + " of another type matches no entity: convert it, such as labels.withColumn(\"" + key + "\", col(\""
                + key + "\").cast(\"" + sparkType + "\"))");
    }

    private static void checkColumn(StructType labels, String column, String role) {
        if (!Arrays.asList(labels.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("the labels have no column \"" + column + "\" (" + role + ")"
                    + DidYouMean.hint(column, Arrays.asList(labels.fieldNames())) + "; they have "
                    + Arrays.toString(labels.fieldNames()));
        }
    }
}
