/**
 * The catalog of feature sets the annotation processor writes into each jar, {@code META-INF/freshet/catalog.json},
 * and its typed reader: {@link dev.freshet.core.catalog.CatalogDocument#read} for one resource,
 * {@link dev.freshet.core.catalog.CatalogDocument#discover} for every one on a class path. Tools read what is declared
 * without loading the feature sets' classes or running Spark. The format is described in {@code docs/catalog.md}.
 */
package dev.freshet.core.catalog;
