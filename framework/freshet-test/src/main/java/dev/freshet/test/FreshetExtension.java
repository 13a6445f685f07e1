package dev.freshet.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link FreshetTest}: one {@link FeatureSetTestDriver} per test class, kept in the
 * class's extension store (so JUnit closes it after the class's last test), injected into parameters and fields of
 * its type, and reset after each test that sent it records or set its read time.
 */
public final class FreshetExtension implements ParameterResolver, TestInstancePostProcessor, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            FreshetExtension.class);

    /** The store entry closing the driver when JUnit drops the class's store. */
    private record Closing(FeatureSetTestDriver driver) implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FeatureSetTestDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return driver(context);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == FeatureSetTestDriver.class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(instance, driver(context));
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Closing closing = classStore(context).get(Closing.class, Closing.class);
        if (closing != null && closing.driver().used()) {
            closing.driver().reset();
        }
    }

    private static FeatureSetTestDriver driver(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        FreshetTest test = AnnotationSupport.findAnnotation(testClass, FreshetTest.class).orElseThrow(
                () -> new ParameterResolutionException(testClass.getName() + " is not annotated with @FreshetTest:"
                        + " name the feature sets the driver runs there"));
        return classStore(context).computeIfAbsent(Closing.class,
                c -> new Closing(FeatureSetTestDriver.forFeatureSets(test.featureSets())), Closing.class).driver();
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE);
    }
}
