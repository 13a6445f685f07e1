/**
 * Freshet's runtime engine on Spark Structured Streaming. {@link dev.freshet.spark.FreshetEngine} turns feature-set
 * specs into running jobs: the online job reads the Kafka source, decodes records strictly, runs the row-level SQL,
 * dead-letters what cannot be ingested and writes the rest to the Redis online store.
 */
package dev.freshet.spark;
