package dev.freshet.core.catalog;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spi.FeatureSetProvider;
import dev.freshet.core.error.FreshetErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature sets known to an application, by name. {@link #discover(ClassLoader)} reads every class-path resource
 * {@value FeatureSetProvider#INDEX_RESOURCE} that the annotation processor wrote, and instantiates the generated
 * providers listed there (generated code only; user classes are never reflected on).
 *
 * <pre>{@code
 * FeatureSetCatalog catalog = FeatureSetCatalog.discover(getClass().getClassLoader());
 * FeatureSetSpec spec = catalog.get("user-transactions");
 * }</pre>
 */
public final class FeatureSetCatalog {

    private final Map<String, FeatureSetSpec> byName;

    private FeatureSetCatalog(Map<String, FeatureSetSpec> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** A catalog of the given feature sets; names must be unique. */
    public static FeatureSetCatalog of(Collection<FeatureSetSpec> specs) {
        Map<String, FeatureSetSpec> byName = new LinkedHashMap<>();
        for (FeatureSetSpec spec : specs) {
            FeatureSetSpec previous = byName.putIfAbsent(spec.name(), spec);
            if (previous != null) {
                throw FreshetErrors.duplicateFeatureSet(spec.name(), previous.declaringClass(), spec.declaringClass());
            }
        }
        return new FeatureSetCatalog(byName);
    }

    /** The feature sets listed in every processor index visible to {@code classLoader}. */
    public static FeatureSetCatalog discover(ClassLoader classLoader) {
        List<FeatureSetSpec> specs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try {
            Enumeration<URL> indexes = classLoader.getResources(FeatureSetProvider.INDEX_RESOURCE);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                for (String className : read(index)) {
                    if (!seen.contains(className)) {
                        seen.add(className);
                        specs.add(load(className, classLoader, index.toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FeatureSetProvider.INDEX_RESOURCE + " from the class path", e);
        }
        return of(specs);
    }

    /** The feature set called {@code name}. */
    public FeatureSetSpec get(String name) {
        FeatureSetSpec spec = byName.get(name);
        if (spec == null) {
            throw FreshetErrors.unknownFeatureSet(name, byName.keySet());
        }
        return spec;
    }

    /** Whether a feature set is called {@code name}. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** All feature sets, in discovery order. */
    public Collection<FeatureSetSpec> all() {
        return byName.values();
    }

    /** All names, in discovery order. */
    public Collection<String> names() {
        return byName.keySet();
    }

    private static List<String> read(URL index) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = index.openStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static FeatureSetSpec load(String className, ClassLoader classLoader, String resource) {
        try {
            Class<?> type = Class.forName(className, true, classLoader);
            FeatureSetProvider provider = (FeatureSetProvider) type.getDeclaredConstructor().newInstance();
            return provider.featureSet();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw FreshetErrors.unloadableProvider(className, resource, e);
        }
    }
}
