/**
 * How generated code hands feature sets to the runtime: one {@link dev.freshet.api.spi.FeatureSetProvider} per
 * feature set, listed in the class-path index {@value dev.freshet.api.spi.FeatureSetProvider#INDEX_RESOURCE}.
 */
package dev.freshet.api.spi;
