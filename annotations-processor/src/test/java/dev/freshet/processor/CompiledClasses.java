package dev.freshet.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The classes a successful compilation wrote, loaded so that a test can run generated code. The test's own class path
 * (Freshet's API) is the parent, so the generated classes implement the very interfaces the test calls them through.
 */
final class CompiledClasses extends ClassLoader {

    private final Map<String, byte[]> classes = new HashMap<>();

    /** The classes {@code compilation} wrote. */
    CompiledClasses(Compilation compilation) {
        super(CompiledClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            // compile-testing names class files /CLASS_OUTPUT/<package>/<Name>.class
            String path = file.getName().substring("/CLASS_OUTPUT/".length());
            String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name + " is not among the compiled classes " + classes.keySet());
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** The constant {@code name} of the compiled enum {@code type}. */
    <T> T constant(String type, String name, Class<T> as) {
        try {
            return as.cast(loadClass(type).getField(name).get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no constant " + name + " in " + type, e);
        }
    }
}
