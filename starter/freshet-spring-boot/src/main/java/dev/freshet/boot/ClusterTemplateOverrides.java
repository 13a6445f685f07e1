package dev.freshet.boot;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.core.cluster.SparkMemory;
import dev.freshet.core.cluster.SparkResources;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves {@code freshet.cluster-templates.<size>.*} into {@link ClusterTemplateSizes}: each value given replaces
 * that value of the size's default, and a bad one fails the start naming the property and what to write.
 */
final class ClusterTemplateOverrides {

    private static final String PREFIX = "freshet.cluster-templates.";

    private ClusterTemplateOverrides() {}

    /** The defaults with {@code overrides} (by size, in any case) applied. */
    static ClusterTemplateSizes resolve(Map<String, FreshetProperties.ClusterTemplateResources> overrides) {
        ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults();
        for (Map.Entry<String, FreshetProperties.ClusterTemplateResources> e : overrides.entrySet()) {
            ClusterTemplate size = size(e.getKey());
            sizes = sizes.with(size, apply(PREFIX + e.getKey() + ".", sizes.resources(size), e.getValue()));
        }
        return sizes;
    }

    private static ClusterTemplate size(String key) {
        List<String> names = Arrays.stream(ClusterTemplate.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList();
        String name = key.toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw FreshetErrors.invalidSetting(null, PREFIX + key, key, "names no cluster-template size;"
                    + DidYouMean.closest(name, names).map(c -> " did you mean \"" + c + "\"?").orElse("")
                    + " use one of " + String.join(", ", names));
        }
        return ClusterTemplate.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static SparkResources apply(String prefix, SparkResources defaults,
            FreshetProperties.ClusterTemplateResources given) {
        return new SparkResources(
                count(prefix + "driver-cores", given.driverCores(), defaults.driverCores()),
                memory(prefix + "driver-memory", given.driverMemory(), defaults.driverMemory()),
                count(prefix + "executor-cores", given.executorCores(), defaults.executorCores()),
                memory(prefix + "executor-memory", given.executorMemory(), defaults.executorMemory()),
                count(prefix + "executors", given.executors(), defaults.executors()),
                count(prefix + "shuffle-partitions", given.shufflePartitions(), defaults.shufflePartitions()));
    }

    private static int count(String property, Integer given, int defaultValue) {
        if (given == null) {
            return defaultValue;
        }
        if (given < 1) {
            throw FreshetErrors.invalidSetting(null, property, given.toString(), "is not positive; use 1 or more, or"
                    + " leave it unset for the size's default (" + defaultValue + ")");
        }
        return given;
    }

    private static SparkMemory memory(String property, String given, SparkMemory defaultValue) {
        if (given == null) {
            return defaultValue;
        }
        try {
            return SparkMemory.parse(given);
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.invalidSetting(null, property, given, e.getMessage() + " (the size's default is "
                    + defaultValue + ")");
        }
    }
}
