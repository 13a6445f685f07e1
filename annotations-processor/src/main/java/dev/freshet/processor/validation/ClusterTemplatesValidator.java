package dev.freshet.processor.validation;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.processor.model.ClusterTemplatesDeclaration;
import dev.freshet.processor.model.FeatureSetDeclaration;

/**
 * Checks a feature set's {@code @ClusterTemplates}: a backfill size only on a feature set with a {@code @Backfill}.
 * Each size is a {@link ClusterTemplate} constant, so javac itself refuses an unknown one. The value is the sizes'
 * spec, {@link ClusterTemplatesSpec#DEFAULT} for a feature set without the annotation.
 */
final class ClusterTemplatesValidator {

    /** What is wrong with the cluster templates of {@code declaration}; their spec if nothing. */
    ValidationReport<ClusterTemplatesSpec> validate(FeatureSetDeclaration declaration) {
        ValidationReport.Builder<ClusterTemplatesSpec> report = ValidationReport.about(declaration.element());
        if (declaration.clusterTemplates().isEmpty()) {
            return report.build(() -> ClusterTemplatesSpec.DEFAULT);
        }
        ClusterTemplatesDeclaration t = declaration.clusterTemplates().get();
        // Even the default size, written out, says the author expects a backfill job that will never run.
        if (t.backfill().source() != null && declaration.backfill().isEmpty()) {
            report.error(t.backfill(), Message.CLUSTER_TEMPLATE_BACKFILL_WITHOUT_BACKFILL,
                    declaration.effectiveName(), t.backfill().value(), t.backfill().value(),
                    declaration.element().getSimpleName());
        }
        return report.build(() -> new ClusterTemplatesSpec(ClusterTemplate.valueOf(t.online().value()),
                ClusterTemplate.valueOf(t.offline().value()), ClusterTemplate.valueOf(t.backfill().value())));
    }
}
