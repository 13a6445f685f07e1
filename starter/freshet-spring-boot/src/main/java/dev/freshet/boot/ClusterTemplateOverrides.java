package dev.freshet.boot;

import dev.freshet.core.cluster.ClusterTemplateSizes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves {@code freshet.cluster-templates.<size>.*} into {@link ClusterTemplateSizes}: each value given replaces
 * that value of the size's default, and a bad one fails the start naming the property and what to write
 * ({@link ClusterTemplateSizes#withProperties}, which the job entry point and the manifest generator use too).
 */
final class ClusterTemplateOverrides {

    private static final String PREFIX = "freshet.cluster-templates.";

    private ClusterTemplateOverrides() {}

    /** The defaults with {@code overrides} (by size, in any case) applied. */
    static ClusterTemplateSizes resolve(Map<String, FreshetProperties.ClusterTemplateResources> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        overrides.forEach((size, given) -> {
            String prefix = PREFIX + size + ".";
            put(properties, prefix + "driver-cores", given.driverCores());
            put(properties, prefix + "driver-memory", given.driverMemory());
            put(properties, prefix + "executor-cores", given.executorCores());
            put(properties, prefix + "executor-memory", given.executorMemory());
            put(properties, prefix + "executors", given.executors());
            put(properties, prefix + "shuffle-partitions", given.shufflePartitions());
        });
        return ClusterTemplateSizes.defaults().withProperties(properties);
    }

    private static void put(Map<String, String> properties, String name, Object value) {
        if (value != null) {
            properties.put(name, value.toString());
        }
    }
}
