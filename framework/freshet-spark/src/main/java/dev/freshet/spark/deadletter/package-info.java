/** Writing dead letters to Kafka, from executors, and making sure their topics exist. */
package dev.freshet.spark.deadletter;
