package dev.freshet.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.api.BatchFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillSpecTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-02-01T00:00:00Z");
    private static final List<BackfillSpec.Source> SOURCES = List.of(new BackfillSpec.Source(new BatchSourceSpec(
            "history", BatchFormat.PARQUET, "/data/history", false, "timestamp", List.of(), Map.of(),
            "test.History"), START, END));
    private static final BackfillTransformSpec TRANSFORM = new BackfillTransformSpec(
            "test.UserSpend.history(SparkSession)", spark -> spark);

    @Test
    void aBackfillBySqlHasNoTransform() {
        BackfillSpec b = new BackfillSpec(START, END, SOURCES, "SELECT * FROM history");

        assertThat(b.transform()).isEmpty();
        assertThat(b.sql()).isEqualTo("SELECT * FROM history");
    }

    @Test
    void aBackfillByATransformHasAnEmptySql() {
        BackfillSpec b = new BackfillSpec(START, END, SOURCES, "", TRANSFORM);

        assertThat(b.transform()).contains(TRANSFORM);
        assertThat(b.sql()).isEmpty();
    }

    @Test
    void bothSqlAndATransformAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackfillSpec(START, END, SOURCES, "SELECT * FROM history", TRANSFORM))
                .withMessage("a backfill has its SQL or its transform test.UserSpend.history(SparkSession), not both");
    }

    @Test
    void neitherSqlNorATransformIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackfillSpec(START, END, SOURCES, "", null))
                .withMessage("a backfill needs its SQL or its transform over the batch sources");
    }
}
