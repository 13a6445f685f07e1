package dev.freshet.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private final RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5,
            Duration.ofMinutes(10), Duration.ofMinutes(1));

    @Test
    void backsOffExponentiallyWithinTheJitterAndNeverBeyondTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
            assertThat(policy.backoff(4)).isBetween(Duration.ofMillis(4000), Duration.ofMillis(12000));
            assertThat(policy.backoff(30)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void withoutJitterTheWaitsDouble() {
        RestartPolicy exact = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 0, Duration.ZERO,
                Duration.ofMinutes(1));
        assertThat(exact.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(exact.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(exact.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(exact.backoff(4)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givesUpAfterFailingForTheConfiguredTimeUnlessZero() {
        assertThat(policy.givesUp(Duration.ofMinutes(9))).isFalse();
        assertThat(policy.givesUp(Duration.ofMinutes(10))).isTrue();
        RestartPolicy forever = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5, Duration.ZERO,
                Duration.ofMinutes(1));
        assertThat(forever.givesUp(Duration.ofDays(365))).isFalse();
    }

    @Test
    void aJobThatRanForTheStablePeriodHadRecovered() {
        assertThat(policy.recovered(Duration.ofSeconds(59))).isFalse();
        assertThat(policy.recovered(Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void refusesValuesThatMakeNoSense() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), 0.5, Duration.ZERO,
                Duration.ZERO)).hasMessageContaining("initial restart back-off must be positive");
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5, Duration.ZERO,
                Duration.ZERO)).hasMessageContaining("shorter than the initial one");
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, Duration.ZERO,
                Duration.ZERO)).hasMessageContaining("jitter must be at least 0 and below 1");
        assertThatThrownBy(() -> policy.backoff(0)).hasMessageContaining("start at 1");
    }
}
