package dev.freshet.spark.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.deadletter.ReplayReport.Skip;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplaySelectionTest {

    private final ReplaySelection defaults = new ReplaySelection("tx", List.of("transactions", "refunds"),
            ReplayOptions.defaults());

    @Test
    void replaysADeadLetterWithPayloadOfAChosenReasonFromASourceTopic() {
        DeadLetter refund = deadLetter("tx", DeadLetterReason.TYPE_MISMATCH, "refunds", 4);

        assertThat(defaults.skip(whole(refund), Set.of())).isEmpty();
    }

    @Test
    void skipsAPositionReplayedBefore() {
        DeadLetter deadLetter = deadLetter("tx", DeadLetterReason.TYPE_MISMATCH, "transactions", 4);

        assertThat(defaults.skip(whole(deadLetter), Set.of("tx:transactions/0/4"))).contains(Skip.ALREADY_REPLAYED);
        assertThat(defaults.skip(whole(deadLetter),
                Set.of("tx:transactions/0/5", "tx:transactions/1/4", "other:transactions/0/4")))
                .isEmpty();
    }

    @Test
    void skipsLateDeadLettersByDefault() {
        assertThat(defaults.skip(whole(deadLetter("tx", DeadLetterReason.LATE, "transactions", 4)), Set.of()))
                .contains(Skip.REASON_NOT_CHOSEN);
    }

    @Test
    void replaysOnlyTheReasonsChosen() {
        ReplaySelection missingKeys = new ReplaySelection("tx", List.of("transactions"),
                ReplayOptions.reasons(DeadLetterReason.MISSING_KEY, DeadLetterReason.LATE));

        assertThat(missingKeys.skip(whole(deadLetter("tx", DeadLetterReason.MISSING_KEY, "transactions", 1)),
                Set.of()))
                .isEmpty();
        assertThat(missingKeys.skip(whole(deadLetter("tx", DeadLetterReason.LATE, "transactions", 2)), Set.of()))
                .isEmpty();
        assertThat(missingKeys.skip(whole(deadLetter("tx", DeadLetterReason.TYPE_MISMATCH, "transactions", 3)),
                Set.of()))
                .contains(Skip.REASON_NOT_CHOSEN);
    }

    @Test
    void skipsADeadLetterWithoutPayload() {
        DeadLetter rejectedAfterTheTransform = new DeadLetter("tx", DeadLetterReason.MISSING_KEY,
                "the transform's key column \"user_id\" is null", "transactions", 0, 9, Instant.EPOCH, null);

        assertThat(defaults.skip(whole(rejectedAfterTheTransform), Set.of())).contains(Skip.NO_PAYLOAD);
    }

    @Test
    void replaysAnEmptyPayload() {
        DeadLetter empty = new DeadLetter("tx", DeadLetterReason.MALFORMED_RECORD, "no value", "transactions", 0, 9,
                Instant.EPOCH, new byte[0]);

        assertThat(defaults.skip(whole(empty), Set.of())).isEmpty();
    }

    @Test
    void skipsADeadLetterOfATopicTheFeatureSetNoLongerReads() {
        assertThat(defaults.skip(whole(deadLetter("tx", DeadLetterReason.TYPE_MISMATCH, "payments", 4)), Set.of()))
                .contains(Skip.NOT_A_SOURCE_TOPIC);
    }

    @Test
    void skipsAnotherFeatureSetsDeadLetterInASharedTopic() {
        assertThat(defaults.skip(whole(deadLetter("tx-daily", DeadLetterReason.TYPE_MISMATCH, "transactions", 4)),
                Set.of()))
                .contains(Skip.OTHER_FEATURE_SET);
    }

    @Test
    void keysAPositionByFeatureSetTopicPartitionAndOffset() {
        DeadLetter deadLetter = new DeadLetter("tx", DeadLetterReason.TYPE_MISMATCH, "d", "tx.events-v2", 11,
                9_000_000_000L, Instant.EPOCH, new byte[0]);

        assertThat(ReplaySelection.key(deadLetter)).isEqualTo("tx:tx.events-v2/11/9000000000");
        assertThat(ReplaySelection.isOf("tx:tx.events-v2/11/9000000000", "tx")).isTrue();
        assertThat(ReplaySelection.isOf("tx-daily:tx.events-v2/11/9000000000", "tx")).isFalse();
    }

    @Test
    void aRecordWithoutReplayHeaderIsForEveryFeatureSetAndAReplayOnlyForItsOwn() {
        assertThat(ReplayHeaders.isFor(null, "tx")).isTrue();
        assertThat(ReplayHeaders.isFor("tx", "tx")).isTrue();
        assertThat(ReplayHeaders.isFor("tx-daily", "tx")).isFalse();
    }

    @Test
    void skipsADeadLetterWhosePayloadWasCut() {
        DeadLetter.Parsed head = new DeadLetter.Parsed(deadLetter("tx", DeadLetterReason.MALFORMED_RECORD,
                "transactions", 4), true);

        assertThat(defaults.skip(head, Set.of())).contains(Skip.PAYLOAD_TRUNCATED);
    }

    private static DeadLetter.Parsed whole(DeadLetter deadLetter) {
        return new DeadLetter.Parsed(deadLetter, false);
    }

    private static DeadLetter deadLetter(String featureSet, DeadLetterReason reason, String topic, long offset) {
        return new DeadLetter(featureSet, reason, "detail", topic, 0, offset, Instant.parse("2026-01-01T00:00:00Z"),
                "{\"user_id\":\"u1\"}".getBytes(StandardCharsets.UTF_8));
    }
}
