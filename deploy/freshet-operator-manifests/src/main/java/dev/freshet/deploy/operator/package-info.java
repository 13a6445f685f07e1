/**
 * Kubernetes Spark Operator manifests for the jobs an application jar's catalog describes: a {@code SparkApplication}
 * per online job and per backfill, a {@code ScheduledSparkApplication} per offline job, sized by the feature sets'
 * cluster templates, with secrets referenced from Kubernetes Secrets and never written into a manifest.
 * {@link dev.freshet.deploy.operator.ManifestGenerator} is the API; {@link dev.freshet.deploy.operator.ManifestsCommand}
 * the command line around it. Pure Java: it reads the catalog, so it runs without Spark.
 */
package dev.freshet.deploy.operator;
