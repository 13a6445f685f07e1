package dev.freshet.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @ClusterTemplates} as written on a feature-set class: each size is the constant name of a
 * {@code ClusterTemplate}, located where it is written (or on the annotation when it took its default).
 *
 * @param annotation the annotation
 * @param online     the online job's size
 * @param offline    the offline job's size
 * @param backfill   the backfill job's size
 */
public record ClusterTemplatesDeclaration(AnnotationMirror annotation, Located<String> online,
        Located<String> offline, Located<String> backfill) {}
