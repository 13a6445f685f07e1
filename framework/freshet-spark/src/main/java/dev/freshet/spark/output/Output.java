package dev.freshet.spark.output;

import java.io.Serializable;

/**
 * One place a job's rows go: the online store (feature values, or tiles), the offline store, and later auxiliary
 * sinks. A job has one or more outputs; the one per-batch writer of the job model hands each micro-batch to all of
 * them and does the accounting, so an output only writes and counts what it wrote.
 *
 * <p>An output is either a {@link PartitionOutput} (written on executors, partition by partition, in the one pass
 * over the batch all such outputs share) or a {@link DatasetOutput} (written by a Spark action of its own, such as a
 * Delta append). Dead-letter rows never reach an output: the job's dead-letter target takes them.
 */
public sealed interface Output extends Serializable permits PartitionOutput, DatasetOutput {

    /** A short name for metrics and logs, such as {@code redis} or {@code delta}. */
    String name();

    /**
     * Where this output writes, such as {@code Redis at 127.0.0.1:6379, keys freshet:user-transactions:*}: for log
     * lines, and for what a reset of the job must delete along with its checkpoint.
     */
    String location();

    /** What {@code counts} mean, for a log line: {@code "wrote 3 rows to Redis …, 2 older than stored"}. */
    String describe(OutputCounts counts);

    /**
     * Whether this output's counts are the job's record counts (rows written and stale, freshness): true for the
     * store a job exists for, false for an auxiliary output such as a sink, which writes what the store got again
     * and is counted under its own name ({@code freshet.output.records}).
     */
    default boolean countsRecords() {
        return true;
    }
}
