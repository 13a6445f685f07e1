/**
 * How a feature set's definition changed, described once for the two places that judge it: the engine when a job
 * starts on a checkpoint of another definition ({@code DefinitionChanges} in freshet-spark, ADR 0013) and the
 * build-time check of a catalog against its baseline ({@link dev.freshet.core.catalog.CatalogCompatibility}, ADR
 * 0021). {@link dev.freshet.core.definition.DefinitionDiff} finds and words the changes; each caller decides what
 * they mean for the state it protects.
 */
package dev.freshet.core.definition;
