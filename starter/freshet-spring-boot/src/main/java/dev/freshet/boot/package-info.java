/**
 * Spring Boot auto-configuration for Freshet: {@code freshet.*} properties, a SparkSession if the application has
 * none, the feature-set catalog, the online feature client, the engine, and a lifecycle that starts the online jobs
 * once the context is up and stops them gracefully when it closes.
 */
package dev.freshet.boot;
