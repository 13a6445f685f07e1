package dev.freshet.spark.function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spi.DatasetTransformInvoker;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Whole-Dataset transforms for the engine's tests, with invokers written as the processor generates them: a lambda
 * calling the static method directly.
 */
public final class TestDatasetTransforms {

    /** {@link #travelSpend}, as the processor would describe it. */
    @SuppressWarnings("unchecked")
    public static final DatasetTransformSpec TRAVEL_SPEND_SPEC = new DatasetTransformSpec(
            "test.Transforms.travelSpend(Dataset<Row>)", "test.TravelSpend",
            (DatasetTransformInvoker) source -> travelSpend((Dataset<Row>) source));

    /** {@link #wrongSchema}, declared with {@code user_id}, {@code amount} double and {@code timestamp}. */
    @SuppressWarnings("unchecked")
    public static final DatasetTransformSpec WRONG_SCHEMA_SPEC = new DatasetTransformSpec(
            "test.Transforms.wrongSchema(Dataset<Row>)", "test.Declared",
            (DatasetTransformInvoker) source -> wrongSchema((Dataset<Row>) source));

    /** {@link #perUser}, declared with {@code user_id}, {@code amount} and {@code timestamp}. */
    @SuppressWarnings("unchecked")
    public static final DatasetTransformSpec PER_USER_SPEC = new DatasetTransformSpec(
            "test.Transforms.perUser(Dataset<Row>)", "test.Declared",
            (DatasetTransformInvoker) source -> perUser((Dataset<Row>) source));

    /** {@link #throwing}, declared with {@code user_id}, {@code amount} and {@code timestamp}. */
    @SuppressWarnings("unchecked")
    public static final DatasetTransformSpec THROWING_SPEC = new DatasetTransformSpec(
            "test.Transforms.throwing(Dataset<Row>)", "test.Declared",
            (DatasetTransformInvoker) source -> throwing((Dataset<Row>) source));

    private TestDatasetTransforms() {}

    /** An aggregation of its own: its rows are no source record's, so the source position is lost. */
    public static Dataset<Row> perUser(Dataset<Row> source) {
        return source.groupBy(col("user_id")).agg(org.apache.spark.sql.functions.sum("amount").as("amount"),
                org.apache.spark.sql.functions.max("timestamp").as("timestamp"));
    }

    /** Throws while the job builds its query, as a method whose static data cannot be read would. */
    public static Dataset<Row> throwing(Dataset<Row> source) {
        throw new IllegalStateException("merchants table not found");
    }

    /**
     * Joins each transaction with a small static table of merchants (an inner join: a transaction of an unknown
     * merchant has no output row) and keeps the amount spent on travel, zero otherwise.
     */
    public static Dataset<Row> travelSpend(Dataset<Row> source) {
        StructType schema = new StructType()
                .add("merchant_id", DataTypes.StringType, false)
                .add("category", DataTypes.StringType, false);
        Dataset<Row> merchants = source.sparkSession().createDataFrame(List.of(
                RowFactory.create("m-air", "travel"),
                RowFactory.create("m-hotel", "travel"),
                RowFactory.create("m-shop", "groceries")), schema);
        return source.join(merchants, "merchant_id")
                .select(col("user_id"), col("category"),
                        when(col("category").equalTo("travel"), col("amount")).otherwise(lit(0.0))
                                .as("travel_amount"),
                        col("timestamp"));
    }

    /** Drops {@code amount} and returns {@code user_id} as a number: two problems the job must name at start. */
    public static Dataset<Row> wrongSchema(Dataset<Row> source) {
        return source.select(col("user_id").cast(DataTypes.LongType).as("user_id"), col("timestamp"));
    }
}
