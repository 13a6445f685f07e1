/**
 * Auxiliary Kafka sinks (ADR 0018): one more output of the job a sink is attached to, sending each feature vector as
 * a JSON message ({@link dev.freshet.core.sink.SinkMessage}).
 */
package dev.freshet.spark.sink;
