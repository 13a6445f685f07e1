package dev.freshet.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;

/** Compiles sources with Freshet's processor. */
final class Compilations {

    private Compilations() {}

    static Compilation compile(JavaFileObject... files) {
        return Compiler.javac().withProcessors(new FeatureSetProcessor()).compile(files);
    }
}
