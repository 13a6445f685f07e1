/**
 * Cluster templates: the Spark resources each {@link dev.freshet.api.ClusterTemplate} size stands for
 * ({@link dev.freshet.core.cluster.ClusterTemplateSizes}), and the Spark configuration a feature set's job gets from
 * the size it declares for that kind of job. Pure Java, so that tools reading the catalog (the Spark Operator manifest
 * generator) size jobs without Spark. These are for launching jobs on a cluster (spark-submit, Kubernetes manifests);
 * a local engine, whose jobs share one SparkSession, applies none of them.
 */
package dev.freshet.core.cluster;
