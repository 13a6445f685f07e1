/**
 * The one job model: a job of a feature set is a {@link dev.freshet.spark.job.JobDefinition} — records from a source,
 * the one pipeline, an optional event-time stage, one or more outputs and a dead-letter target — started by the one
 * {@link dev.freshet.spark.job.JobStarter}, whose per-batch writer and accounting every kind of job shares.
 */
package dev.freshet.spark.job;
