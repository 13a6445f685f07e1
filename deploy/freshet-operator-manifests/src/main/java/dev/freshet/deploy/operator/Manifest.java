package dev.freshet.deploy.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.freshet.core.job.JobKind;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * One Kubernetes manifest for one job of one feature set.
 *
 * @param kind       {@code SparkApplication} or {@code ScheduledSparkApplication}
 * @param name       its {@code metadata.name}, which is also its file's name without {@code .yaml}
 * @param featureSet the feature set whose job it runs
 * @param job        the kind of job
 * @param content    the manifest as YAML maps, lists and scalars, its maps sorted by key
 */
public record Manifest(String kind, String name, String featureSet, JobKind job, Map<String, Object> content) {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "16" stays a string: the operator's sparkConf takes strings only
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Checks the parts. */
    public Manifest {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        requireNonNull(featureSet, "featureSet");
        requireNonNull(job, "job");
        requireNonNull(content, "content");
    }

    /** The file this manifest is written to: {@code <name>.yaml}. */
    public String fileName() {
        return name + ".yaml";
    }

    /** The manifest as YAML: deterministic, maps sorted by key, lists in their order, ending with a line break. */
    public String yaml() {
        try {
            return YAML.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write manifest " + name + " as YAML", e);
        }
    }

    /** {@code manifests} as one YAML stream, for {@code kubectl apply -f -}: documents separated by {@code ---}. */
    public static String stream(Collection<Manifest> manifests) {
        StringBuilder out = new StringBuilder();
        for (Manifest m : manifests) {
            out.append("---\n").append(m.yaml());
        }
        return out.toString();
    }
}
