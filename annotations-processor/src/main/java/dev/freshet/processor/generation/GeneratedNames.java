package dev.freshet.processor.generation;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The names of the classes generated for a user's class: beside it, in its package, named after it and the classes it
 * is nested in, joined by {@code _}, with a suffix ({@code Outer.Inner} gets {@code Outer_Inner_FeatureSet}).
 */
public final class GeneratedNames {

    private GeneratedNames() {}

    /** The class generated for {@code type}, named {@code <Outer>_<Type><suffix>}. */
    public static ClassName beside(TypeElement type, String suffix) {
        StringBuilder simple = new StringBuilder(type.getSimpleName());
        Element enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            simple.insert(0, outer.getSimpleName() + "_");
            enclosing = outer.getEnclosingElement();
        }
        String pkg = enclosing instanceof PackageElement p ? p.getQualifiedName().toString() : "";
        return ClassName.get(pkg, simple + suffix);
    }
}
