package dev.freshet.spark.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.deadletter.ReplayReport.Skip;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayReportTest {

    private final ReplayReport report = new ReplayReport("tx", "freshet.dlq.tx",
            Map.of(DeadLetterReason.TYPE_MISMATCH, 3L, DeadLetterReason.MALFORMED_RECORD, 1L),
            Map.of(Skip.ALREADY_REPLAYED, Map.of(DeadLetterReason.TYPE_MISMATCH, 2L),
                    Skip.NO_PAYLOAD, Map.of(DeadLetterReason.MISSING_KEY, 1L),
                    Skip.REASON_NOT_CHOSEN, Map.of()),
            1);

    @Test
    void countsEveryMessageReadOnce() {
        assertThat(report.replayedTotal()).isEqualTo(4);
        assertThat(report.skipped(Skip.ALREADY_REPLAYED)).isEqualTo(2);
        assertThat(report.skipped(Skip.NO_PAYLOAD)).isEqualTo(1);
        assertThat(report.skipped(Skip.OTHER_FEATURE_SET)).isZero();
        assertThat(report.read()).isEqualTo(8);
    }

    @Test
    void leavesOutWhatDidNotHappen() {
        assertThat(report.skipped()).containsOnlyKeys(Skip.ALREADY_REPLAYED, Skip.NO_PAYLOAD);
    }

    @Test
    void saysWhatItDidInOneLine() {
        assertThat(report).hasToString("feature set tx: read 8 messages of freshet.dlq.tx; replayed 4"
                + " {MALFORMED_RECORD=1, TYPE_MISMATCH=3}; skipped already replayed 2 {TYPE_MISMATCH=2}, no payload 1"
                + " {MISSING_KEY=1}; unreadable 1");
    }

    @Test
    void saysWhenNothingWasSkipped() {
        assertThat(new ReplayReport("tx", "t", Map.of(), Map.of(), 0))
                .hasToString("feature set tx: read 0 messages of t; replayed 0 {}; skipped none");
    }
}
