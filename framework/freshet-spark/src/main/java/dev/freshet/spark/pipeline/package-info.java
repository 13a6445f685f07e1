/**
 * The one ingestion pipeline every job runs: raw Kafka records are decoded strictly, the feature set's row-level SQL
 * runs over the accepted ones, and everything comes out as pipeline rows (see {@link dev.freshet.spark.row}): feature
 * rows for the stores and dead-letter rows, each with its source position.
 */
package dev.freshet.spark.pipeline;
