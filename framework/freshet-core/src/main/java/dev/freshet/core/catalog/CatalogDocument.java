package dev.freshet.core.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Freshet catalog: the feature sets one or more jars declare, read from the {@value #RESOURCE} resources the
 * annotation processor writes, so that tools list and inspect feature sets without loading their classes or running
 * Spark.
 *
 * <pre>{@code
 * CatalogDocument catalog = CatalogDocument.discover(Thread.currentThread().getContextClassLoader());
 * for (CatalogEntry e : catalog.featureSets()) {
 *     System.out.println(e.name() + " owned by " + e.metadata().owner() + ": " + e.features());
 * }
 * }</pre>
 *
 * <p>Version policy ({@code docs/catalog.md}): a reader of version {@value #VERSION} reads every catalog of version
 * {@value #VERSION}, skipping members it does not know (added later within the version), and refuses a later version
 * with a message saying which Freshet to use.
 *
 * @param catalogVersion the format version of the catalog read; {@value #VERSION} for catalogs this reader reads
 * @param featureSets    the feature sets, sorted by name
 */
public record CatalogDocument(int catalogVersion, List<CatalogEntry> featureSets) {

    /** Where in a jar the catalog is. */
    public static final String RESOURCE = "META-INF/freshet/catalog.json";

    /** The catalog version this Freshet writes and reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    /** Checks the version and sorts a copy of the feature sets by name. */
    public CatalogDocument {
        if (catalogVersion < 1) {
            throw new IllegalArgumentException("catalogVersion " + catalogVersion + " is not a version: versions"
                    + " start at 1");
        }
        List<CatalogEntry> sorted = new ArrayList<>(featureSets);
        sorted.sort(Comparator.comparing(CatalogEntry::name));
        featureSets = Collections.unmodifiableList(sorted);
    }

    /** The catalog (of version {@value #VERSION}) describing {@code specs}, as the annotation processor writes it. */
    public static CatalogDocument of(Collection<FeatureSetSpec> specs) {
        return new CatalogDocument(VERSION, specs.stream().map(CatalogEntry::of).toList());
    }

    /** This catalog as the JSON text of {@value #RESOURCE}: deterministic and pretty-printed. */
    public String toJson() {
        return CatalogWriter.render(this);
    }

    /** The feature set called {@code name}, if the catalog describes one. */
    public Optional<CatalogEntry> featureSet(String name) {
        return featureSets.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * Reads one catalog, such as a jar's {@value #RESOURCE}.
     *
     * @throws FreshetException if it is not a catalog, or of a later version than {@value #VERSION}
     */
    public static CatalogDocument read(InputStream in) {
        return read(in, RESOURCE);
    }

    /**
     * Reads one catalog; {@code resource} says where it comes from, for messages.
     *
     * @throws FreshetException if it is not a catalog, or of a later version than {@value #VERSION}
     */
    public static CatalogDocument read(InputStream in, String resource) {
        Object tree;
        try (JsonParser parser = JSON.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw FreshetErrors.catalogUnreadable(resource, "", "it is empty");
            }
            tree = value(parser, CatalogReader.NULL);
            if (parser.nextToken() != null) {
                throw FreshetErrors.catalogUnreadable(resource, "", "text follows the catalog's object");
            }
        } catch (JsonProcessingException e) {
            throw FreshetErrors.catalogUnreadable(resource, "", "it is not JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Freshet catalog " + resource, e);
        }
        return CatalogReader.document(new CatalogReader.Node(tree, "", resource));
    }

    /**
     * Reads every {@value #RESOURCE} that {@code loader} finds (one per jar or class directory) into one catalog.
     * An application without any has an empty catalog.
     *
     * @throws FreshetException if one is not a catalog or of a later version than {@value #VERSION}, or if two
     *                          describe feature sets of one name
     */
    public static CatalogDocument discover(ClassLoader loader) {
        List<CatalogEntry> all = new ArrayList<>();
        Map<String, CatalogEntry> byName = new HashMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    for (CatalogEntry e : read(in, url.toString()).featureSets()) {
                        CatalogEntry previous = byName.putIfAbsent(e.name(), e);
                        if (previous != null) {
                            throw FreshetErrors.duplicateFeatureSet(e.name(), previous.declaringClass(),
                                    e.declaringClass());
                        }
                        all.add(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Freshet catalogs " + RESOURCE + " on the class path", e);
        }
        return new CatalogDocument(VERSION, all);
    }

    /**
     * {@code entry} as this catalog's JSON writes it ({@code docs/catalog.md}), read back as maps (members in their
     * order), lists, strings, numbers ({@code Long} or {@code Double}), booleans and {@code null}s: for serving an
     * entry with another JSON library, such as an application's, in exactly the catalog's format.
     */
    public static Map<String, Object> tree(CatalogEntry entry) {
        try (JsonParser parser = JSON.createParser(new CatalogDocument(VERSION, List.of(entry)).toJson())) {
            parser.nextToken();
            Map<?, ?> document = (Map<?, ?>) value(parser, null);
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) ((List<?>) document.get("featureSets")).get(0);
            return tree;
        } catch (IOException e) {
            throw new IllegalStateException("the catalog writer wrote what its reader cannot read", e);
        }
    }

    /**
     * The JSON value at the parser's current token, as maps, lists, strings, numbers, booleans and
     * {@code nullValue}s.
     */
    private static Object value(JsonParser parser, Object nullValue) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    members.put(name, value(parser, nullValue));
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, nullValue));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return nullValue;
            }
            default -> throw new JsonParseExceptionAt(parser, "unexpected " + token);
        }
    }

    /** A token the tree reader does not expect, reported with where it is. */
    private static final class JsonParseExceptionAt extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonParseExceptionAt(JsonParser parser, String message) {
            super(message, parser.currentLocation());
        }
    }
}
