package dev.freshet.api.spi;

import dev.freshet.api.spec.FeatureSetSpec;

/**
 * Supplies one feature set's spec. The annotation processor generates an implementation for every
 * {@link dev.freshet.api.StreamingFeatureSet} and lists it, one fully qualified class name per line, in the
 * class-path resource {@value #INDEX_RESOURCE}; the runtime discovers feature sets by reading every such resource.
 * Implementations have a public no-argument constructor.
 */
public interface FeatureSetProvider {

    /** Class-path resource listing generated providers, one class name per line. */
    String INDEX_RESOURCE = "META-INF/freshet/feature-sets";

    /** The feature set this provider describes. */
    FeatureSetSpec featureSet();
}
