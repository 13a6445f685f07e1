package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leases and completion times of scheduled runs, on the real Redis at 127.0.0.1:6379. */
class RunCoordinatorIT {

    private final TestRedis redis = new TestRedis();
    private final RunCoordinator coordinator = RunCoordinator.create(RedisEndpoint.localhost(), redis.layout);

    @AfterEach
    void cleanUp() {
        coordinator.close();
        redis.close();
    }

    @Test
    void onlyOneOwnerHoldsALeaseAtATime() {
        assertThat(coordinator.tryAcquire("offline:user-transactions", "instance-a", Duration.ofMinutes(1))).isTrue();
        assertThat(coordinator.tryAcquire("offline:user-transactions", "instance-b", Duration.ofMinutes(1))).isFalse();
        assertThat(coordinator.tryAcquire("offline:other-set", "instance-b", Duration.ofMinutes(1))).isTrue();
        assertThat(coordinator.holder("offline:user-transactions")).contains("instance-a");
        assertThat(redis.keys()).containsExactly(
                redis.layout.prefix() + ":__runs:offline:other-set:lease",
                redis.layout.prefix() + ":__runs:offline:user-transactions:lease");
    }

    @Test
    void ofManyConcurrentContendersExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = IntStream.range(0, 32).mapToObj(i -> pool.submit(
                    () -> coordinator.tryAcquire("job", "owner-" + i, Duration.ofMinutes(1)))).toList();
            long winners = 0;
            for (Future<Boolean> a : attempts) {
                winners += a.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheOwnerRenewsOrReleases() {
        coordinator.tryAcquire("job", "a", Duration.ofSeconds(30));
        String lease = redis.layout.prefix() + ":__runs:job:lease";

        assertThat(coordinator.renew("job", "b", Duration.ofMinutes(10))).isFalse();
        assertThat(redis.commands().pttl(lease)).isLessThanOrEqualTo(30_000L);
        assertThat(coordinator.renew("job", "a", Duration.ofMinutes(10))).isTrue();
        assertThat(redis.commands().pttl(lease)).isGreaterThan(30_000L);

        coordinator.release("job", "b");
        assertThat(coordinator.holder("job")).contains("a");
        coordinator.release("job", "a");
        assertThat(coordinator.holder("job")).isEmpty();
        assertThat(coordinator.tryAcquire("job", "b", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aLeaseOfADeadOwnerExpiresByItself() {
        coordinator.tryAcquire("job", "crashed", Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> coordinator.holder("job").isEmpty());
        assertThat(coordinator.renew("job", "crashed", Duration.ofMinutes(1))).isFalse();
        assertThat(coordinator.tryAcquire("job", "successor", Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void remembersTheLastCompletedRun() {
        assertThat(coordinator.lastCompleted("job")).isEmpty();
        coordinator.recordCompleted("job", Instant.parse("2026-03-01T10:30:00.123Z"));
        coordinator.recordCompleted("job", Instant.parse("2026-03-01T11:00:00Z"));

        assertThat(coordinator.lastCompleted("job")).contains(Instant.parse("2026-03-01T11:00:00Z"));
    }

    @Test
    void anUnreachableRedisIsAClearError() {
        try (RunCoordinator lost = RunCoordinator.create(
                new RedisEndpoint("127.0.0.1", 1, 0, null, null, false, Duration.ofSeconds(2)), redis.layout)) {
            assertThatThrownBy(() -> lost.tryAcquire("job", "a", Duration.ofMinutes(1)))
                    .isInstanceOf(FreshetException.class)
                    .hasMessageContaining("Redis at 127.0.0.1:1/0 did not answer");
        }
    }
}
