/**
 * Finding the feature sets compiled into the class path: {@link dev.freshet.core.catalog.FeatureSetCatalog} loads
 * their specs through the processor's index; {@link dev.freshet.core.catalog.CatalogDocument} reads the catalog
 * {@code META-INF/freshet/catalog.json} the processor also writes into each jar ({@code read} for one resource,
 * {@code discover} for every one on a class path), so that tools see what is declared without loading the feature
 * sets' classes or running Spark. The catalog's format is described in {@code docs/catalog.md}.
 */
package dev.freshet.core.catalog;
