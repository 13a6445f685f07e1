/**
 * Dead letters: why a record was not ingested, and the JSON message that carries it, its source position and its
 * payload to the dead-letter topic.
 */
package dev.freshet.core.deadletter;
