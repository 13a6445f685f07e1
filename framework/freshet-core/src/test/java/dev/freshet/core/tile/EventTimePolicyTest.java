package dev.freshet.core.tile;

import static dev.freshet.core.tile.EventTimePolicy.Decision.ACCEPT;
import static dev.freshet.core.tile.EventTimePolicy.Decision.FUTURE;
import static dev.freshet.core.tile.EventTimePolicy.Decision.LATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decision for one event, from its own times and its key's watermark on its partition. */
class EventTimePolicyTest {

    private static final long WATERMARK = 1_767_600_000_000L;
    private static final long LATENESS = Duration.ofMinutes(10).toMillis();
    private static final long SKEW = Duration.ofMinutes(1).toMillis();
    private final EventTimePolicy policy = new EventTimePolicy(Duration.ofMinutes(10), Duration.ofMinutes(1));

    @Test
    void acceptsAnEventExactlyTheAllowedLatenessBehindTheWatermark() {
        long event = WATERMARK - LATENESS;

        assertThat(policy.decide(event, event, WATERMARK)).isEqualTo(ACCEPT);
    }

    @Test
    void rejectsAnEventOneMillisecondMoreThanTheAllowedLatenessBehindTheWatermarkAsLate() {
        long event = WATERMARK - LATENESS - 1;

        assertThat(policy.decide(event, event, WATERMARK)).isEqualTo(LATE);
    }

    @Test
    void withoutAWatermarkAnyPastEventIsAccepted() {
        assertThat(policy.decide(0, 0, Long.MIN_VALUE)).isEqualTo(ACCEPT);
        assertThat(policy.decide(-WATERMARK, -WATERMARK, Long.MIN_VALUE)).isEqualTo(ACCEPT);
    }

    @Test
    void withZeroLatenessOnlyEventsAtOrAfterTheWatermarkAreAccepted() {
        EventTimePolicy strict = new EventTimePolicy(Duration.ZERO, Duration.ofMinutes(1));

        assertThat(strict.decide(WATERMARK, WATERMARK, WATERMARK)).isEqualTo(ACCEPT);
        assertThat(strict.decide(WATERMARK - 1, WATERMARK, WATERMARK)).isEqualTo(LATE);
    }

    @Test
    void acceptsAnEventExactlyTheMaximumSkewAfterItsKafkaTimestamp() {
        assertThat(policy.decide(WATERMARK + SKEW, WATERMARK, WATERMARK)).isEqualTo(ACCEPT);
    }

    @Test
    void rejectsAnEventOneMillisecondMoreThanTheMaximumSkewAfterItsKafkaTimestampAsFuture() {
        assertThat(policy.decide(WATERMARK + SKEW + 1, WATERMARK, WATERMARK)).isEqualTo(FUTURE);
    }

    @Test
    void anEventLongBeforeItsKafkaTimestampIsNotFuture() {
        assertThat(policy.decide(WATERMARK, WATERMARK + 365L * 86_400_000, WATERMARK)).isEqualTo(ACCEPT);
    }

    @Test
    void futureIsDecidedBeforeLate() {
        long event = WATERMARK - LATENESS - 1;

        assertThat(policy.decide(event, event - SKEW - 1, WATERMARK)).isEqualTo(FUTURE);
    }
}
