package dev.freshet.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a JUnit 5 test class a test of feature sets: its test methods (and constructor) may take a
 * {@link FeatureSetTestDriver} parameter, and its non-static fields of that type are set. One driver per test class,
 * of the feature sets named here, created before the first test and closed after the last; it is reset between tests
 * that sent it records (fresh store, dead letters, checkpoints and streams). The SparkSession is the JVM's one
 * ({@link TestSpark}).
 *
 * <pre>{@code
 * @FreshetTest(featureSets = LoginAttemptFeatures.class)
 * class LoginAttemptsTest {
 *     @Test
 *     void countsFailures(FeatureSetTestDriver driver) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FreshetExtension.class)
public @interface FreshetTest {

    /** The classes declaring the feature sets to run (annotated with {@code @StreamingFeatureSet}). */
    Class<?>[] featureSets();
}
