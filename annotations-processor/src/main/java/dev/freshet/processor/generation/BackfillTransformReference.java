package dev.freshet.processor.generation;

import com.palantir.javapoet.ClassName;
import dev.freshet.api.spi.BackfillTransformInvoker;

/**
 * The backfill transform method a generated invoker will call: it stands in a
 * {@link dev.freshet.api.spec.BackfillTransformSpec} at compile time, for {@link SpecWriter} to render as a lambda
 * calling {@code owner.method} directly; the method cannot run in the compiler.
 *
 * @param owner  the class declaring the method
 * @param method the method's name
 */
public record BackfillTransformReference(ClassName owner, String method) implements BackfillTransformInvoker {

    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object spark) {
        throw new UnsupportedOperationException(owner.canonicalName() + "." + method
                + " is compiled in this compilation and cannot be called in it");
    }
}
