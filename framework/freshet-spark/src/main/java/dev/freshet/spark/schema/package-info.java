/** Mapping between Freshet's value types and Spark SQL's types. */
package dev.freshet.spark.schema;
