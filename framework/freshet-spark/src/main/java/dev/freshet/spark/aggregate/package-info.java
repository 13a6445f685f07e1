/**
 * Event-time aggregations on Spark: pipeline rows grouped by entity key into a stateful operator that keeps each key's
 * tiles ({@link dev.freshet.core.tile.KeyTiles}) in Spark's state store, committed with the batch's offsets, and
 * emits the changed tiles as absolute values; late and far-future events become dead letters.
 */
package dev.freshet.spark.aggregate;
