/**
 * What users write: the annotations that declare sources and streaming feature sets.
 *
 * <p>Freshet's annotation processor reads these at compile time and generates a {@link
 * dev.freshet.api.spi.FeatureSetProvider} per feature set; the runtime engine only ever sees the generated specs.
 */
package dev.freshet.api;
