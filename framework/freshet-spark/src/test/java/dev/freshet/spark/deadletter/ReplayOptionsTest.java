package dev.freshet.spark.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void replaysEveryReasonButLateByDefault() {
        assertThat(ReplayOptions.defaults().reasons()).containsExactly(DeadLetterReason.MALFORMED_RECORD,
                DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.INVALID_TIMESTAMP, DeadLetterReason.MISSING_KEY,
                DeadLetterReason.MISSING_TIMESTAMP, DeadLetterReason.FUTURE_EVENT_TIME,
                DeadLetterReason.TRANSFORM_ERROR);
        assertThat(ReplayOptions.defaults().recordsPerTransaction()).isEqualTo(1000);
    }

    @Test
    void keepsTheReasonsChosenInDeclarationOrder() {
        assertThat(ReplayOptions.reasons(DeadLetterReason.LATE, DeadLetterReason.TYPE_MISMATCH).reasons())
                .containsExactly(DeadLetterReason.TYPE_MISMATCH, DeadLetterReason.LATE);
    }

    @Test
    void refusesNoReasonSayingWhatTheDefaultIs() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayOptions(Set.of(), 10))
                .withMessage("a dead-letter replay needs at least one reason to replay; the default is every reason but"
                        + " LATE");
    }

    @Test
    void refusesTransactionsOfNoRecord() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayOptions.defaults().withRecordsPerTransaction(0))
                .withMessage("recordsPerTransaction must be at least 1, not 0");
    }

    @Test
    void copiesTheReasons() {
        EnumSet<DeadLetterReason> reasons = EnumSet.of(DeadLetterReason.MISSING_KEY);
        ReplayOptions options = new ReplayOptions(reasons, 5);
        reasons.add(DeadLetterReason.LATE);

        assertThat(options.reasons()).containsExactly(DeadLetterReason.MISSING_KEY);
    }
}
