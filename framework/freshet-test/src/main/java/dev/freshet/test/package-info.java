/**
 * Freshet's test kit for users' feature sets: {@link dev.freshet.test.FeatureSetTestDriver} runs feature sets through
 * the production pipeline on a local SparkSession, from an in-memory stream into an in-process online store.
 */
package dev.freshet.test;
