/**
 * Compile-time analysis of feature-set SQL with Spark's own parser and analyzer, without a SparkSession (see
 * {@code docs/adr/0005-compile-time-sql-analysis.md}).
 */
package dev.freshet.processor.sql;
