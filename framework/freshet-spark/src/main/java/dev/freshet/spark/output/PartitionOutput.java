package dev.freshet.spark.output;

import org.apache.spark.sql.types.StructType;

/**
 * An output written on executors, one partition at a time: for each partition of a micro-batch a writer is
 * {@link #open opened}, given every row of the kind the output {@link #consumes}, and {@link PartitionWriter#finish
 * finished} once the partition is through; the partition (and so the batch) completes only when every writer has
 * finished, that is when the store has acknowledged everything. Outputs of one job share that one pass over the batch.
 */
public non-sealed interface PartitionOutput extends Output {

    /** The row kind this output takes, such as {@link dev.freshet.spark.row.ReservedColumns#FEATURES}. */
    String consumes();

    /**
     * A writer for one partition of micro-batch {@code batchId}, whose rows have {@code schema}. Runs on an executor.
     */
    PartitionWriter open(StructType schema, long batchId);
}
