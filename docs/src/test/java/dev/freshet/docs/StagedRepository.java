package dev.freshet.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A Maven local repository holding what this build made, laid out as {@code mvn install} would, so that another build
 * resolves {@code dev.freshet:*} from it as a user's resolves them from Maven Central: every module of the reactor
 * under {@code root} that has a pom or a jar (samples, the sample's application jar, benchmarks and these tests excepted), with
 * its own pom.
 */
final class StagedRepository {

    private static final List<String> NOT_PUBLISHED = List.of("samples", "freshet-sample-app", "benchmarks", "docs");

    private StagedRepository() {}

    /**
     * Copies the reactor's artifacts into {@code repository}.
     *
     * @throws IllegalStateException if a jar module has no jar in {@code target/} (the reactor was not packaged)
     */
    static List<String> stage(Path root, Path repository) {
        List<String> staged = new ArrayList<>();
        stageModule(root.toAbsolutePath().normalize(), repository, staged);
        return staged;
    }

    private static void stageModule(Path module, Path repository, List<String> staged) {
        Element project = parse(module.resolve("pom.xml")).getDocumentElement();
        String groupId = child(project, "groupId");
        if (groupId == null) {
            groupId = child(childElement(project, "parent"), "groupId");
        }
        String version = child(project, "version");
        if (version == null) {
            version = child(childElement(project, "parent"), "version");
        }
        String artifactId = child(project, "artifactId");
        String packaging = child(project, "packaging") == null ? "jar" : child(project, "packaging");
        Path target = repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        String base = artifactId + "-" + version;
        copy(module.resolve("pom.xml"), target.resolve(base + ".pom"));
        if (packaging.equals("jar")) {
            Path jar = module.resolve("target").resolve(base + ".jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " does not exist: package the whole build first "
                        + "(./mvnw -B verify builds it before these tests)");
            }
            copy(jar, target.resolve(base + ".jar"));
        }
        staged.add(groupId + ":" + artifactId + ":" + version);
        Element modules = childElement(project, "modules");
        if (modules != null) {
            NodeList names = modules.getElementsByTagName("module");
            for (int i = 0; i < names.getLength(); i++) {
                String name = names.item(i).getTextContent().trim();
                if (!NOT_PUBLISHED.contains(name)) {
                    stageModule(module.resolve(name), repository, staged);
                }
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element childElement(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = childElement(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
