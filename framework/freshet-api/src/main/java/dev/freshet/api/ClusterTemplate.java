package dev.freshet.api;

/**
 * The size of the Spark cluster a feature set's job runs on: a named rung of resources (driver and executor cores and
 * memory, executor count, shuffle partitions), chosen per job kind with {@link ClusterTemplates}. {@link #MEDIUM} is
 * the default, as in the reference product.
 *
 * <p>The sizes are names, not numbers, so that a feature set says how much work its job is and the deployment says
 * what that means on its cluster: Freshet's runtime maps each size to Spark resources, with defaults that double from
 * one size to the next and may be overridden per size ({@code freshet.cluster-templates.<size>.*}). A local run (one
 * JVM, {@code local[*]}) applies none of them.
 */
public enum ClusterTemplate {
    /** The smallest: for a low-volume stream or a test deployment. */
    SMALL,
    /** The default: twice {@link #SMALL}. */
    MEDIUM,
    /** Twice {@link #MEDIUM}. */
    LARGE,
    /** Twice {@link #LARGE}: for a busy stream or a large backfill. */
    XLARGE,
    /** The largest: twice {@link #XLARGE}. */
    XXLARGE
}
