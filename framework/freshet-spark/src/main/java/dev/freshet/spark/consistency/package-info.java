/**
 * Training and serving agree: the consistency check compares what the online store serves with what the offline
 * store recomputes, for the instants both can answer.
 */
package dev.freshet.spark.consistency;
