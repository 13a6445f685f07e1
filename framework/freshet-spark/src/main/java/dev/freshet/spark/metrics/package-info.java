/** Ingestion metrics, recorded on the driver from each batch's results. */
package dev.freshet.spark.metrics;
