/** The online job: a continuous Structured Streaming query that keeps the Redis online store fresh. */
package dev.freshet.spark.online;
