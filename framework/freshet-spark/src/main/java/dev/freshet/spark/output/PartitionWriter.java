package dev.freshet.spark.output;

import org.apache.spark.sql.Row;

/** Writes the rows of one partition of one micro-batch to one output, on an executor. Not thread-safe. */
public interface PartitionWriter {

    /** Takes one row (of the kind the output consumes). It may be written now or buffered until {@link #finish}. */
    void accept(Row row);

    /** Writes whatever is buffered, waits until the store has acknowledged everything, and returns the counts. */
    OutputCounts finish();
}
