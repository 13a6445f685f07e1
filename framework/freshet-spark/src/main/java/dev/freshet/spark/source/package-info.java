/** Reading Kafka sources as streams. */
package dev.freshet.spark.source;
