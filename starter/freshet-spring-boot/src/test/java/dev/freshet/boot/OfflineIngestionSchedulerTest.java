package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.schedule.CronSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scheduler's missed-run rule: run once at start if a tick came after the last completed run. */
class OfflineIngestionSchedulerTest {

    private static final CronSchedule EVERY_HALF_HOUR = CronSchedule.parse("*/30 * * * *");
    private static final Instant NOW = Instant.parse("2026-11-24T10:31:00Z");

    @Test
    void aTickAfterTheLastCompletedRunWasMissed() {
        assertThat(OfflineIngestionScheduler.missedTick(EVERY_HALF_HOUR, ZoneOffset.UTC, NOW,
                Optional.of(Instant.parse("2026-11-24T10:29:59Z")))).isTrue();
    }

    @Test
    void noTickSinceTheLastCompletedRunMissesNothing() {
        assertThat(OfflineIngestionScheduler.missedTick(EVERY_HALF_HOUR, ZoneOffset.UTC, NOW,
                Optional.of(Instant.parse("2026-11-24T10:30:40Z")))).isFalse();
    }

    @Test
    void aFeatureSetThatNeverCompletedARunMissedItsLastTick() {
        assertThat(OfflineIngestionScheduler.missedTick(EVERY_HALF_HOUR, ZoneOffset.UTC, NOW, Optional.empty()))
                .isTrue();
    }

    @Test
    void ticksAreEvaluatedInTheConfiguredTimeZone() {
        CronSchedule nineAm = CronSchedule.parse("0 9 * * *");
        Instant tenUtc = Instant.parse("2026-11-24T10:00:00Z"); // 11:00 in Paris, 05:00 in New York
        // completed yesterday after New York's 09:00 (14:00 UTC), before Paris's 09:00 today (08:00 UTC)
        Optional<Instant> completedYesterday = Optional.of(Instant.parse("2026-11-23T15:00:00Z"));
        assertThat(OfflineIngestionScheduler.missedTick(nineAm, ZoneId.of("Europe/Paris"), tenUtc,
                completedYesterday)).isTrue();
        assertThat(OfflineIngestionScheduler.missedTick(nineAm, ZoneId.of("America/New_York"), tenUtc,
                completedYesterday)).isFalse();
    }
}
