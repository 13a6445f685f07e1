/**
 * Freshet's annotation processor: reads {@code @KafkaSource} records and {@code @StreamingFeatureSet} classes,
 * validates everything that can be known from the annotation values (with Spark's own SQL parser and analyzer), and
 * generates a {@link dev.freshet.api.spi.FeatureSetProvider} per feature set plus the class-path index.
 */
package dev.freshet.processor;
