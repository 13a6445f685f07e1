package dev.freshet.deploy.operator;

import dev.freshet.core.catalog.CatalogDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Reads the catalog an application ships ({@value CatalogDocument#RESOURCE}) from where a build leaves it: the
 * application jar (a plain jar, or a Spring Boot jar with its classes under {@code BOOT-INF/classes/}), a classes
 * directory, or the {@code catalog.json} file itself.
 */
public final class CatalogFiles {

    private static final String BOOT_CLASSES = "BOOT-INF/classes/";

    private CatalogFiles() {}

    /**
     * The catalog at {@code path}.
     *
     * @throws IOException if {@code path} cannot be read, or holds no catalog (the message says where it looked)
     */
    public static CatalogDocument read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path file = path.resolve(CatalogDocument.RESOURCE);
            if (!Files.isRegularFile(file)) {
                throw new IOException(path + " holds no " + CatalogDocument.RESOURCE + ": give the application's"
                        + " classes directory, its jar or the catalog file, built by Freshet's annotation processor");
            }
            return readFile(file);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " does not exist: give the application's jar, classes directory or"
                    + " catalog file");
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return readFile(path);
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            ZipEntry entry = jar.getEntry(CatalogDocument.RESOURCE);
            if (entry == null) {
                entry = jar.getEntry(BOOT_CLASSES + CatalogDocument.RESOURCE);
            }
            if (entry == null) {
                throw new IOException(path + " holds neither " + CatalogDocument.RESOURCE + " nor " + BOOT_CLASSES
                        + CatalogDocument.RESOURCE + ": was it built with Freshet's annotation processor, cleanly?");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return CatalogDocument.read(in, path + "!/" + entry.getName());
            }
        }
    }

    private static CatalogDocument readFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CatalogDocument.read(in, file.toString());
        }
    }
}
