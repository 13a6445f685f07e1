package dev.freshet.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @Backfill} as written on a feature-set class.
 *
 * @param annotation   the annotation
 * @param start        the start instant literal
 * @param end          the end instant literal
 * @param sources      the {@code @BackfillSource}s, in order
 * @param sourcesValue the sources attribute as a whole (for errors about all of them)
 * @param sql          the backfill SQL, empty for none
 */
public record BackfillDeclaration(AnnotationMirror annotation, Located<String> start, Located<String> end,
        List<Source> sources, Located<Object> sourcesValue, Located<String> sql) {

    /**
     * One {@code @BackfillSource} as written.
     *
     * @param name  the batch source's name
     * @param start the start instant literal, empty for the backfill's start
     * @param end   the end instant literal, empty for the backfill's end
     */
    public record Source(Located<String> name, Located<String> start, Located<String> end) {
    }

    /** Copies the list. */
    public BackfillDeclaration {
        sources = List.copyOf(sources);
    }
}
