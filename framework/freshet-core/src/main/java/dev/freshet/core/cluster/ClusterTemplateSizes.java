package dev.freshet.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.job.JobKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What each {@link ClusterTemplate} size means on a cluster: the {@link SparkResources} of a job declared with it.
 * Immutable; {@link #with} gives a copy with one size overridden.
 *
 * <p>The defaults double the executors' cores and memory from one size to the next, keep two gibibytes per executor
 * core, and give each shuffle two partitions per executor core:
 *
 * <table>
 *   <caption>Default resources of each size</caption>
 *   <tr><th>size</th><th>driver</th><th>executors</th><th>shuffle partitions</th></tr>
 *   <tr><td>SMALL</td><td>1 core, 2g</td><td>2 × 2 cores, 4g</td><td>8</td></tr>
 *   <tr><td>MEDIUM</td><td>1 core, 4g</td><td>4 × 2 cores, 4g</td><td>16</td></tr>
 *   <tr><td>LARGE</td><td>2 cores, 4g</td><td>4 × 4 cores, 8g</td><td>32</td></tr>
 *   <tr><td>XLARGE</td><td>2 cores, 8g</td><td>8 × 4 cores, 8g</td><td>64</td></tr>
 *   <tr><td>XXLARGE</td><td>4 cores, 8g</td><td>16 × 4 cores, 8g</td><td>128</td></tr>
 * </table>
 *
 * <pre>{@code
 * ClusterTemplateSizes sizes = ClusterTemplateSizes.defaults()
 *         .with(ClusterTemplate.SMALL, new SparkResources(1, SparkMemory.parse("1g"), 1, SparkMemory.parse("2g"), 1, 4));
 * Map<String, String> conf = sizes.sparkConf(spec, JobKind.ONLINE); // spark.driver.cores=1, ...
 * }</pre>
 *
 * <p>A local engine applies none of these: its jobs share one SparkSession in one JVM, whose driver is already
 * started, and a stateful query keeps the shuffle partitions of its checkpoint.
 */
public final class ClusterTemplateSizes {

    private static final ClusterTemplateSizes DEFAULTS = new ClusterTemplateSizes(Map.of(
            ClusterTemplate.SMALL, resources(1, 2, 2, 2, 4, 8),
            ClusterTemplate.MEDIUM, resources(1, 4, 4, 2, 4, 16),
            ClusterTemplate.LARGE, resources(2, 4, 4, 4, 8, 32),
            ClusterTemplate.XLARGE, resources(2, 8, 8, 4, 8, 64),
            ClusterTemplate.XXLARGE, resources(4, 8, 16, 4, 8, 128)));

    private final Map<ClusterTemplate, SparkResources> sizes;

    private ClusterTemplateSizes(Map<ClusterTemplate, SparkResources> sizes) {
        EnumMap<ClusterTemplate, SparkResources> copy = new EnumMap<>(ClusterTemplate.class);
        copy.putAll(sizes);
        for (ClusterTemplate t : ClusterTemplate.values()) {
            requireNonNull(copy.get(t), t.name());
        }
        this.sizes = Collections.unmodifiableMap(copy);
    }

    /** The documented default resources of every size (see the table above). */
    public static ClusterTemplateSizes defaults() {
        return DEFAULTS;
    }

    /** A copy in which {@code size} means {@code resources}; the other sizes stay as they are. */
    public ClusterTemplateSizes with(ClusterTemplate size, SparkResources resources) {
        EnumMap<ClusterTemplate, SparkResources> copy = new EnumMap<>(sizes);
        copy.put(requireNonNull(size, "size"), requireNonNull(resources, "resources"));
        return new ClusterTemplateSizes(copy);
    }

    /**
     * A copy with the {@code freshet.cluster-templates.<size>.<resource>} entries of {@code properties} applied, value
     * by value; other entries are ignored. Sizes are {@code small} … {@code xxlarge} in any case; resources are
     * {@code driver-cores}, {@code driver-memory}, {@code executor-cores}, {@code executor-memory}, {@code executors}
     * and {@code shuffle-partitions}, counts positive whole numbers and amounts as {@link SparkMemory#parse} reads them.
     *
     * <pre>{@code
     * ClusterTemplateSizes.defaults().withProperties(Map.of("freshet.cluster-templates.small.executors", "3"));
     * }</pre>
     *
     * @throws dev.freshet.core.error.FreshetException naming the property, its value and what to write, for an
     *     unknown size or resource or a bad value
     */
    public ClusterTemplateSizes withProperties(Map<String, String> properties) {
        return ClusterTemplateProperties.apply(this, requireNonNull(properties, "properties"));
    }

    /** The resources of {@code size}. */
    public SparkResources resources(ClusterTemplate size) {
        return sizes.get(requireNonNull(size, "size"));
    }

    /** Every size and its resources, from {@link ClusterTemplate#SMALL} up. */
    public Map<ClusterTemplate, SparkResources> all() {
        return sizes;
    }

    /**
     * The size {@code featureSet} declares for its job of {@code kind} ({@code @ClusterTemplates}, or
     * {@link ClusterTemplate#MEDIUM} when it declares none).
     */
    public static ClusterTemplate template(FeatureSetSpec featureSet, JobKind kind) {
        return template(featureSet.clusterTemplates(), kind);
    }

    /**
     * The size {@code templates} give the job of {@code kind}: for a loaded spec's
     * {@link FeatureSetSpec#clusterTemplates()} or a catalog entry's {@code templates()}.
     */
    public static ClusterTemplate template(ClusterTemplatesSpec templates, JobKind kind) {
        requireNonNull(templates, "templates");
        return switch (requireNonNull(kind, "kind")) {
            case ONLINE -> templates.online();
            case OFFLINE -> templates.offline();
            case BACKFILL -> templates.backfill();
        };
    }

    /** The resources of {@code featureSet}'s job of {@code kind}: those of the size it declares for it. */
    public SparkResources resources(FeatureSetSpec featureSet, JobKind kind) {
        return resources(template(featureSet, kind));
    }

    /**
     * The Spark configuration of {@code featureSet}'s job of {@code kind} on a cluster
     * ({@link SparkResources#sparkConf()} of the size it declares for it), for spark-submit or a Kubernetes manifest.
     */
    public Map<String, String> sparkConf(FeatureSetSpec featureSet, JobKind kind) {
        return resources(featureSet, kind).sparkConf();
    }

    /**
     * The size of {@code featureSet}'s job of {@code kind} and its resources in one line, for logs:
     * {@code cluster template SMALL (driver 1 core 2g, 2 executors × 2 cores 4g, 8 shuffle partitions)}.
     */
    public String describe(FeatureSetSpec featureSet, JobKind kind) {
        ClusterTemplate size = template(featureSet, kind);
        return "cluster template " + size + " (" + resources(size).describe() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterTemplateSizes other && sizes.equals(other.sizes);
    }

    @Override
    public int hashCode() {
        return sizes.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("; ", "ClusterTemplateSizes{", "}");
        sizes.forEach((t, r) -> j.add(t + ": " + r.describe()));
        return j.toString();
    }

    private static SparkResources resources(int driverCores, int driverGib, int executors, int executorCores,
            int executorGib, int shufflePartitions) {
        return new SparkResources(driverCores, SparkMemory.gibibytes(driverGib), executorCores,
                SparkMemory.gibibytes(executorGib), executors, shufflePartitions);
    }
}
