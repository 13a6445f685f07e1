package dev.freshet.core.cluster;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.naming.DidYouMean;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code freshet.cluster-templates.<size>.<resource>} settings given as text (the starter's bound properties,
 * the job entry point's {@code --conf}, the manifest generator's options): each value given replaces that value of
 * the size's resources, and a bad one fails naming the property and what to write.
 */
final class ClusterTemplateProperties {

    /** The prefix of every setting read here. */
    static final String PREFIX = "freshet.cluster-templates.";

    /** The resources of a size, as the settings name them, in the order of {@link SparkResources}' components. */
    static final List<String> RESOURCES = List.of("driver-cores", "driver-memory", "executor-cores", "executor-memory",
            "executors", "shuffle-partitions");

    private ClusterTemplateProperties() {}

    static ClusterTemplateSizes apply(ClusterTemplateSizes base, Map<String, String> properties) {
        // By size, then resource, sorted: the first bad setting reported is the same on every run.
        Map<String, Map<String, String>> bySize = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!e.getKey().startsWith(PREFIX) || e.getValue() == null) {
                continue;
            }
            String rest = e.getKey().substring(PREFIX.length());
            int dot = rest.indexOf('.');
            String size = dot < 0 ? rest : rest.substring(0, dot);
            String resource = dot < 0 ? "" : rest.substring(dot + 1);
            bySize.computeIfAbsent(size, s -> new TreeMap<>()).put(resource, e.getValue().trim());
        }
        Map<ClusterTemplate, Map<String, String>> given = new EnumMap<>(ClusterTemplate.class);
        bySize.forEach((key, values) -> given.merge(size(key), values, (a, b) -> {
            Map<String, String> both = new LinkedHashMap<>(a);
            both.putAll(b);
            return both;
        }));
        ClusterTemplateSizes sizes = base;
        for (Map.Entry<ClusterTemplate, Map<String, String>> e : given.entrySet()) {
            sizes = sizes.with(e.getKey(), resources(PREFIX + e.getKey().name().toLowerCase(Locale.ROOT) + ".",
                    sizes.resources(e.getKey()), e.getValue()));
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

    private static SparkResources resources(String prefix, SparkResources defaults, Map<String, String> given) {
        for (String resource : given.keySet()) {
            if (!RESOURCES.contains(resource)) {
                throw FreshetErrors.invalidSetting(null, prefix + resource, given.get(resource), "names no resource"
                        + " of a size;" + DidYouMean.closest(resource, RESOURCES)
                                .map(c -> " did you mean \"" + c + "\"?").orElse("")
                        + " use one of " + String.join(", ", RESOURCES));
            }
        }
        return new SparkResources(
                count(prefix + "driver-cores", given.get("driver-cores"), defaults.driverCores()),
                memory(prefix + "driver-memory", given.get("driver-memory"), defaults.driverMemory()),
                count(prefix + "executor-cores", given.get("executor-cores"), defaults.executorCores()),
                memory(prefix + "executor-memory", given.get("executor-memory"), defaults.executorMemory()),
                count(prefix + "executors", given.get("executors"), defaults.executors()),
                count(prefix + "shuffle-partitions", given.get("shuffle-partitions"), defaults.shufflePartitions()));
    }

    private static int count(String property, String given, int defaultValue) {
        if (given == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw FreshetErrors.invalidSetting(null, property, given, "is not a whole number; use 1 or more, or"
                    + " leave it unset for the size's default (" + defaultValue + ")");
        }
        if (value < 1) {
            throw FreshetErrors.invalidSetting(null, property, given, "is not positive; use 1 or more, or"
                    + " leave it unset for the size's default (" + defaultValue + ")");
        }
        return value;
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
