package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.BackfillValidationTest.backfill;
import static dev.freshet.processor.BackfillValidationTest.backfilled;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * {@code @ClusterTemplates}: the sizes of a feature set's jobs, a backfill size only with a {@code @Backfill}, and the
 * annotation only on a feature-set class; an unknown size is javac's own error, as each size is an enum constant.
 */
class ClusterTemplatesValidationTest {

    /** A {@code @ClusterTemplates} with {@code attributes}, each on a line of its own. */
    static String templates(String... attributes) {
        return "@ClusterTemplates(\n    " + String.join(",\n    ", attributes) + ")";
    }

    @Test
    void onlineAndOfflineSizesCompileWithoutWarnings() {
        assertThat(compile(aFeatureSet().annotate(templates("online = ClusterTemplate.SMALL",
                "offline = ClusterTemplate.XXLARGE")).file())).succeededWithoutWarnings();
    }

    @Test
    void aBackfillSizeCompilesOnAFeatureSetWithABackfill() {
        assertThat(compile(backfilled(backfill() + "\n" + templates("backfill = ClusterTemplate.XLARGE")).file()))
                .succeededWithoutWarnings();
    }

    /** javac places an enum constant written as {@code Type.CONSTANT} at its dot. */
    @Test
    void aBackfillSizeWithoutABackfillIsReportedOnTheSize() {
        Declaration d = aFeatureSet().annotate(templates("online = ClusterTemplate.SMALL",
                "backfill = ClusterTemplate.LARGE"));
        Compilation c = compile(d.file());
        int line = d.lineOf("backfill = ClusterTemplate.LARGE");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetClusterTemplates] feature set \"user-transactions\" gives a backfill"
                + " cluster template (LARGE) but has no @Backfill, so no backfill job runs on it: remove backfill ="
                + " ClusterTemplate.LARGE, or annotate UserTransactions with @Backfill(start = ..., end = ...,"
                + " sources = ...)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".LARGE"));
    }

    /** Written out, even the default size expects a backfill job that never runs. */
    @Test
    void theDefaultBackfillSizeWrittenOutWithoutABackfillIsReported() {
        Declaration d = aFeatureSet().annotate(templates("backfill = ClusterTemplate.MEDIUM"));
        Compilation c = compile(d.file());
        int line = d.lineOf("backfill = ClusterTemplate.MEDIUM");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetClusterTemplates] feature set \"user-transactions\" gives a backfill"
                + " cluster template (MEDIUM) but has no @Backfill")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".MEDIUM"));
    }

    @Test
    void anUnknownSizeIsAJavacError() {
        Declaration d = aFeatureSet().annotate(templates("online = ClusterTemplate.HUGE"));
        Compilation c = compile(d.file());
        int line = d.lineOf("ClusterTemplate.HUGE");
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(d.file()).onLine(line);
    }

    @Test
    void clusterTemplatesOutsideAFeatureSetClassAreReportedOnTheAnnotation() {
        Declaration d = aFeatureSet().plus(templates("online = ClusterTemplate.SMALL") + "\nclass Stray {}");
        Compilation c = compile(d.file());
        int line = d.lineOf("@ClusterTemplates(");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetClusterTemplates] @ClusterTemplates on test.Stray is not on a"
                + " @StreamingFeatureSet class, so no job runs on its sizes: put it on the feature set's class, or"
                + " annotate Stray with @StreamingFeatureSet")
                .inFile(d.file()).onLine(line).atColumn(1);
    }
}
