/**
 * Where a job's rows go: {@link dev.freshet.spark.output.PartitionOutput}s written on executors in one shared pass,
 * and {@link dev.freshet.spark.output.DatasetOutput}s written by an action of their own.
 */
package dev.freshet.spark.output;
