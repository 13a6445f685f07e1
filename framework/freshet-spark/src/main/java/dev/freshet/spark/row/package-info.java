/**
 * The rows Freshet's frames carry, read by name: the reserved column names and one layout per row kind, which
 * resolves column indices once so that no code reads a row by a literal position.
 */
package dev.freshet.spark.row;
