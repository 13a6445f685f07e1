package dev.freshet.processor.generation;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.CatalogDocument;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the catalog {@value CatalogDocument#RESOURCE} of a compilation's feature sets, as freshet-core's
 * {@link CatalogDocument} renders it (so that the reader and the writer of the format live side by side), through the
 * {@link Filer}.
 */
public final class CatalogWriter {

    private CatalogWriter() {}

    /** Writes the catalog of {@code featureSets}. */
    public static void write(Filer filer, Collection<FeatureSetSpec> featureSets, Element... originating)
            throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", CatalogDocument.RESOURCE,
                originating);
        try (Writer out = file.openWriter()) {
            out.write(CatalogDocument.of(featureSets).toJson());
        }
    }
}
