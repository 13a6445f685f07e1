/**
 * SQL functions in the engine: their registration on the session from the generated invokers, and the routing of the
 * records they throw on to the dead letters (see {@code docs/adr/0016-sql-functions-and-transform-errors.md}).
 */
package dev.freshet.spark.function;
