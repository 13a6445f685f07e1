/**
 * Backfill from batch data (issue 13, being built): reading batch sources — Parquet, Delta, CSV, JSON — within a time
 * range, with their declared or inferred schema checked before a row is read. The hand-off to the stream is designed
 * in ADR 0017; the backfill job itself is not built yet.
 */
package dev.freshet.spark.backfill;
