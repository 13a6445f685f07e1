/**
 * Auxiliary sinks' messages: the exact bytes a feature vector becomes on a Kafka sink (ADR 0018), and the
 * {@code featureset_id} consumers detect schema changes by.
 */
package dev.freshet.core.sink;
