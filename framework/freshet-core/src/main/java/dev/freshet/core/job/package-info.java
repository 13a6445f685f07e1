/**
 * The kinds of job a feature set has ({@link dev.freshet.core.job.JobKind}): shared by the engine, which runs them,
 * and by the tools that deploy them, which run without Spark.
 */
package dev.freshet.core.job;
