package dev.freshet.core.catalog;

import dev.freshet.api.spec.FeatureSetSpec;

/** How a feature set turns its source's records into its output rows, as the catalog names it. */
public enum TransformKind {
    /** Row-level Spark SQL over the source's view. */
    SQL,
    /** A typed record transform on the decoded source records, without SQL. */
    RECORD,
    /** Spark SQL, then a typed record transform on its output rows. */
    SQL_THEN_RECORD,
    /** A whole-Dataset Java transform instead of SQL. */
    DATASET;

    /** The kind of {@code spec}'s transform. */
    public static TransformKind of(FeatureSetSpec spec) {
        if (spec.dataset().isPresent()) {
            return DATASET;
        }
        if (spec.record().isPresent()) {
            return spec.sql().isEmpty() ? RECORD : SQL_THEN_RECORD;
        }
        return SQL;
    }
}
