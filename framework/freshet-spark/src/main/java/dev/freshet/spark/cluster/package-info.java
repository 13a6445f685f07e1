/**
 * Cluster templates at run time: the Spark resources each {@link dev.freshet.api.ClusterTemplate} size stands for
 * ({@link dev.freshet.spark.cluster.ClusterTemplateSizes}), and the Spark configuration a feature set's job gets from
 * the size it declares for that kind of job. These are for launching jobs on a cluster (spark-submit, Kubernetes
 * manifests); a local engine, whose jobs share one SparkSession, applies none of them.
 */
package dev.freshet.spark.cluster;
