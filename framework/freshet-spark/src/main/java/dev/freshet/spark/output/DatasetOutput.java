package dev.freshet.spark.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An output written by a Spark action of its own over the whole micro-batch, on the driver, such as an idempotent
 * Delta append. It picks the rows it takes from the batch itself.
 */
public non-sealed interface DatasetOutput extends Output {

    /** Writes the rows of micro-batch {@code batchId} this output takes, and returns what it wrote. */
    OutputCounts write(Dataset<Row> batch, long batchId);
}
