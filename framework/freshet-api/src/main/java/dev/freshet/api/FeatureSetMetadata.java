package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a feature set for people: who owns it, what it is for, and how to show it. Carried into the generated
 * spec and shown wherever feature sets are listed.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface FeatureSetMetadata {

    /** Team or person who answers for the feature set. */
    String owner() default "";

    /** What the features mean and what they are for. */
    String description() default "";

    /** Name for display; the feature-set name when empty. */
    String displayName() default "";

    /**
     * Words to find the feature set by, such as {@code {"fraud", "payments", "pii-free"}}: each a lower-case word of
     * letters, digits and hyphens, starting with a letter, at most 40 characters, and each listed once. Written into
     * the catalog ({@code META-INF/freshet/catalog.json}); none by default.
     */
    String[] tags() default {};
}
