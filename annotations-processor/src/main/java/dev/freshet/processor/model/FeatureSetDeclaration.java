package dev.freshet.processor.model;

import dev.freshet.core.naming.FeatureSetName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @StreamingFeatureSet} (and its {@code @FeatureSetMetadata}) as written.
 *
 * @param element         the annotated class
 * @param annotation      the annotation
 * @param name            the explicit name, or empty with a {@code null} source when the default applies
 * @param key             key columns, each with its literal
 * @param keyValue        the key attribute as a whole (for an empty key)
 * @param source          source name
 * @param timestamp       timestamp column
 * @param sql             the SQL
 * @param onlineTrigger   the online trigger literal
 * @param offlineSchedule the cron expression
 * @param onlineTtl       the online TTL literal, empty for none
 * @param aggregations    the aggregations, in order
 * @param aggregationsValue the aggregations attribute as a whole (for errors about all of them)
 * @param windows         the window literals, in order
 * @param tileSize        the finest tile literal
 * @param allowedLateness the allowed lateness literal
 * @param maxEventTimeSkew the maximum event-time skew literal
 * @param owner           metadata owner
 * @param description     metadata description
 * @param displayName     metadata display name
 * @param tags            metadata tags, each with its literal, in order
 * @param datasetTransforms the {@code @DatasetTransform} methods the class declares (at most one is valid)
 * @param recordTransforms the {@code @RecordTransform} methods the class declares (at most one is valid)
 * @param backfill        the {@code @Backfill} on the class, if any
 * @param backfillTransforms the {@code @BackfillTransform} methods the class declares (at most one is valid)
 * @param sinks           the {@code @KafkaSink}s on the class, in order
 * @param clusterTemplates the {@code @ClusterTemplates} on the class, if any
 */
public record FeatureSetDeclaration(
        TypeElement element,
        AnnotationMirror annotation,
        Located<String> name,
        List<Located<String>> key,
        Located<Object> keyValue,
        Located<String> source,
        Located<String> timestamp,
        Located<String> sql,
        Located<String> onlineTrigger,
        Located<String> offlineSchedule,
        Located<String> onlineTtl,
        List<AggregateDeclaration> aggregations,
        Located<Object> aggregationsValue,
        List<Located<String>> windows,
        Located<String> tileSize,
        Located<String> allowedLateness,
        Located<String> maxEventTimeSkew,
        String owner,
        String description,
        String displayName,
        List<Located<String>> tags,
        List<DatasetTransformDeclaration> datasetTransforms,
        List<RecordTransformDeclaration> recordTransforms,
        Optional<BackfillDeclaration> backfill,
        List<BackfillTransformDeclaration> backfillTransforms,
        List<SinkDeclaration> sinks,
        Optional<ClusterTemplatesDeclaration> clusterTemplates) {

    /** Copies the lists. */
    public FeatureSetDeclaration {
        tags = List.copyOf(tags);
        datasetTransforms = List.copyOf(datasetTransforms);
        recordTransforms = List.copyOf(recordTransforms);
        backfillTransforms = List.copyOf(backfillTransforms);
        sinks = List.copyOf(sinks);
    }

    /** The effective name: the explicit one, or the default from the class name (which may break the name rule). */
    public String effectiveName() {
        return name.value().isEmpty() ? FeatureSetName.fromClassName(element.getSimpleName().toString()) : name.value();
    }

    /** Whether the name is the default one, derived from the class name. */
    public boolean defaultName() {
        return name.value().isEmpty();
    }
}
