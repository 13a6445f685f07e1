package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @KafkaSink} as written on a feature-set class.
 *
 * @param annotation       the annotation
 * @param name             the sink's name
 * @param topic            the topic
 * @param bootstrapServers the brokers, empty for none
 * @param connection       the named connection, empty for none
 * @param format           the format's constant name
 * @param attachment       the attachment point's constant name
 * @param security         the {@code @KafkaSecurity}, as written or its default
 */
public record SinkDeclaration(AnnotationMirror annotation, Located<String> name, Located<String> topic,
        Located<String> bootstrapServers, Located<String> connection, Located<String> format,
        Located<String> attachment, SecurityDeclaration security) {}
