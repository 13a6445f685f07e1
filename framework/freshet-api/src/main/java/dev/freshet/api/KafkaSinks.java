package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The container of repeated {@link KafkaSink}s; javac writes it when a class has several, users need not. */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface KafkaSinks {

    /** The sinks, in declaration order. */
    KafkaSink[] value();
}
