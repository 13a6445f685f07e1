/**
 * What the annotation processor's compile-time analysis and the engine both build from Spark's Catalyst, so that a
 * Java SQL function is typed at compile time exactly as it runs: {@link dev.freshet.catalyst.SqlFunctionTypes} and
 * {@link dev.freshet.catalyst.ScalaFunctions}. No SparkSession here.
 */
package dev.freshet.catalyst;
