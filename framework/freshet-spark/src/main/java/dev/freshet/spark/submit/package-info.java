/**
 * The entry point of Freshet's jobs as Spark applications: {@link dev.freshet.spark.submit.FreshetJobMain}, the main
 * class given to {@code spark-submit}, with its arguments ({@link dev.freshet.spark.submit.JobArguments}) and its
 * configuration ({@link dev.freshet.spark.submit.JobConfiguration}), which reads the Spring Boot starter's property
 * names so that one configuration serves both. No Spring here.
 */
package dev.freshet.spark.submit;
