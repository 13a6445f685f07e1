package dev.freshet.deploy.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code openAPIV3Schema} of one version of a CustomResourceDefinition, as a JSON Schema that checks manifests
 * the way the Kubernetes API server with strict field validation ({@code kubectl apply --validate=strict}) does,
 * as far as JSON Schema can:
 * <ul>
 *   <li>an object schema with {@code properties} and neither {@code additionalProperties} nor
 *       {@code x-kubernetes-preserve-unknown-fields: true} is closed ({@code additionalProperties: false}): the API
 *       server rejects (strict) or drops (default) unknown fields, and a dropped field is a setting silently lost;</li>
 *   <li>{@code x-kubernetes-int-or-string: true} takes an integer or a string (the CRDs spell it with {@code anyOf}
 *       too; it is added where missing);</li>
 *   <li>{@code x-kubernetes-list-type: set} makes the items unique;</li>
 *   <li>the manifest's {@code apiVersion} and {@code kind} must be the CRD's.</li>
 * </ul>
 * Not checked: CEL rules ({@code x-kubernetes-validations}, none in these CRDs), the uniqueness of the keys of
 * {@code x-kubernetes-list-type: map} lists, and {@code metadata} (ObjectMeta, which CRDs leave open and the API server
 * checks itself).
 */
final class CrdSchema {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String apiVersion;
    private final String kind;
    private final Schema schema;

    private CrdSchema(String apiVersion, String kind, JsonNode openApiSchema) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(openApiSchema);
    }

    /** The schema of {@code version} of the CRD in the class path resource {@code resource}. */
    static CrdSchema load(String resource, String version) {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            JsonNode crd = YAML.readTree(in);
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    JsonNode openApi = v.path("schema").path("openAPIV3Schema").deepCopy();
                    kubernetesRules(openApi);
                    return new CrdSchema(crd.path("spec").path("group").asText() + "/" + version,
                            crd.path("spec").path("names").path("kind").asText(), openApi);
                }
            }
            throw new IllegalArgumentException(resource + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a manifest file's YAML. */
    static JsonNode readYaml(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CRD's kind. */
    String kind() {
        return kind;
    }

    /** What is wrong with {@code manifest}, one line each ({@code <location>: <message>}); empty when it is valid. */
    List<String> problems(JsonNode manifest) {
        List<String> problems = new ArrayList<>();
        if (!manifest.path("apiVersion").asText().equals(apiVersion)) {
            problems.add("/apiVersion: is " + manifest.path("apiVersion") + ", not \"" + apiVersion + "\"");
        }
        if (!manifest.path("kind").asText().equals(kind)) {
            problems.add("/kind: is " + manifest.path("kind") + ", not \"" + kind + "\"");
        }
        schema.validate(manifest).forEach(e -> problems.add(e.getInstanceLocation() + ": " + e.getMessage()));
        return problems;
    }

    /** Applies the rules above to {@code schema} and every schema inside it. */
    private static void kubernetesRules(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        if (object.path("x-kubernetes-int-or-string").asBoolean(false) && !object.has("anyOf")
                && !object.has("type")) {
            ArrayNode anyOf = object.putArray("anyOf");
            anyOf.add(JsonNodeFactory.instance.objectNode().put("type", "integer"));
            anyOf.add(JsonNodeFactory.instance.objectNode().put("type", "string"));
        }
        if (object.path("x-kubernetes-list-type").asText().equals("set")) {
            object.put("uniqueItems", true);
        }
        // Only where schemas sit: the values of "properties" are schemas, its names are not keywords.
        object.path("properties").forEach(CrdSchema::kubernetesRules);
        kubernetesRules(object.path("items"));
        kubernetesRules(object.path("additionalProperties"));
        kubernetesRules(object.path("not"));
        for (String list : List.of("anyOf", "allOf", "oneOf")) {
            object.path(list).forEach(CrdSchema::kubernetesRules);
        }
    }
}
