/**
 * The offline store on Delta Lake: the scheduled offline job that appends each feature set's transformed events to
 * its table, point-in-time retrieval of training data, and the online/offline consistency check.
 */
package dev.freshet.spark.offline;
