/** How Freshet's value types are spelt in Spark SQL: the one mapping the processor and the engine share. */
package dev.freshet.core.schema;
