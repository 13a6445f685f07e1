/** Clients shared by the tasks of one JVM, leased per task and closed when idle. */
package dev.freshet.core.resource;
