package dev.freshet.processor.validation;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The shape every user method that generated code calls directly must have: static, callable from the generated code
 * (public, in classes that are not private), not generic, and declaring no checked exception. Each validator reports
 * a violation with its own {@link Message}, on the method.
 *
 * @param notStatic        reported with the method's description
 * @param notPublic        reported with the method's description
 * @param generic          reported with the method's description
 * @param checkedException reported with the method's description and the exception type
 */
record StaticMethodShape(Message notStatic, Message notPublic, Message generic, Message checkedException) {

    /** Reports on {@code method}, {@code described} in the messages, every way it misses the shape. */
    void check(ValidationReport.Builder<?> report, ExecutableElement method, String described) {
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            report.error(method, null, null, notStatic, described);
        }
        if (!accessible(method)) {
            report.error(method, null, null, notPublic, described);
        }
        if (!method.getTypeParameters().isEmpty()) {
            report.error(method, null, null, generic, described);
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (checked(thrown)) {
                report.error(method, null, null, checkedException, described, thrown);
            }
        }
    }

    /** Whether code generated in the method's package can call it: public, in classes that are not private. */
    private static boolean accessible(ExecutableElement method) {
        if (!method.getModifiers().contains(Modifier.PUBLIC)) {
            return false;
        }
        Element e = method.getEnclosingElement();
        while (e instanceof TypeElement t) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                return false;
            }
            e = t.getEnclosingElement();
        }
        return true;
    }

    /** Whether {@code thrown} is a checked exception: neither a RuntimeException nor an Error, nor below them. */
    private static boolean checked(TypeMirror thrown) {
        for (TypeMirror t = thrown; t.getKind() == TypeKind.DECLARED;
                t = ((TypeElement) ((DeclaredType) t).asElement()).getSuperclass()) {
            String n = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
            if (n.equals("java.lang.RuntimeException") || n.equals("java.lang.Error")) {
                return false;
            }
        }
        return true;
    }
}
