package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.core.store.EntityWrite;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who closes what, on the real Redis at 127.0.0.1:6379: the online client and the run coordinator open connections
 * of their own and close exactly those, so that closing one (a Spring context shutting down a bean) never breaks the
 * writers that share this JVM's pool, on Spark executors or in the same application.
 */
class ConnectionOwnershipIT {

    private static final FeatureSetSpec ROWS = Specs.rowLevel("user-transactions");

    private final TestRedis redis = new TestRedis();
    // A writer's lease of the shared pool, held through each test as a task on an executor would hold it.
    private final ExecutorClients.Lease<RedisConnections> lease = RedisConnections.shared(RedisEndpoint.localhost());
    private final RedisConnections shared = lease.client();

    @AfterEach
    void cleanUp() {
        lease.close();
        redis.close();
    }

    private RedisOnlineFeatureClient client() {
        return RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), redis.layout,
                FeatureSetCatalog.of(List.of(ROWS)));
    }

    private void write(String user, double amount) {
        OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout, ROWS.name(), ROWS.featureColumns(),
                Duration.ZERO).write(List.of(new EntityWrite(List.of(user), 1_000, 0, 1,
                        new Object[] {amount, false, "fuel"})).iterator());
    }

    /** A connection a writer holds (or will take) from the shared pool survives, and so does the pool. */
    private void assertTheSharedPoolIsIntact(RedisConnection borrowed) {
        assertThat(borrowed.isOpen()).isTrue();
        assertThat(borrowed.sync().ping()).isEqualTo("PONG");
        shared.release(borrowed);
        try (ExecutorClients.Lease<RedisConnections> another = RedisConnections.shared(RedisEndpoint.localhost())) {
            assertThat(another.client()).isSameAs(shared);
        }
    }

    @Test
    void closingAClientLeavesTheWritersPoolUsable() {
        write("u1", 1.0);
        RedisConnection borrowed = shared.borrow();
        RedisOnlineFeatureClient client = client();
        assertThat(client.get(ROWS.name(), EntityKey.of("u1"))).isPresent();

        client.close();

        assertTheSharedPoolIsIntact(borrowed);
        write("u2", 2.0);
        try (RedisOnlineFeatureClient another = client()) {
            assertThat(another.get(ROWS.name(), EntityKey.of("u2")).orElseThrow().feature("amount").asDouble())
                    .isEqualTo(2.0);
        }
    }

    @Test
    void closingACoordinatorLeavesTheWritersPoolUsable() {
        RedisConnection borrowed = shared.borrow();
        RunCoordinator coordinator = RunCoordinator.create(RedisEndpoint.localhost(), redis.layout);
        assertThat(coordinator.tryAcquire("job", "a", Duration.ofMinutes(1))).isTrue();

        coordinator.close();

        assertTheSharedPoolIsIntact(borrowed);
        write("u1", 1.0);
        assertThat(redis.hash(ROWS.name(), "u1")).containsEntry("amount", "d:1.0");
    }

    @Test
    void aClosedClientRefusesToReadAndClosingTwiceIsHarmless() {
        RedisOnlineFeatureClient client = client();
        client.close();
        client.close();

        assertThatIllegalStateException().isThrownBy(() -> client.get(ROWS.name(), EntityKey.of("u1")))
                .withMessage("this RedisOnlineFeatureClient is closed; create another to read");
    }

    @Test
    void aClosedCoordinatorRefusesAndClosingTwiceIsHarmless() {
        RunCoordinator coordinator = RunCoordinator.create(RedisEndpoint.localhost(), redis.layout);
        coordinator.close();
        coordinator.close();

        assertThatIllegalStateException().isThrownBy(() -> coordinator.holder("job"))
                .withMessage("this RunCoordinator is closed; create another to coordinate runs");
    }

    @Test
    void aTaskEndingItsLeaseLeavesTheSharedPoolOpenForTheOthers() {
        RedisConnection borrowed = shared.borrow();
        ExecutorClients.Lease<RedisConnections> finished = RedisConnections.shared(RedisEndpoint.localhost());

        finished.close();

        assertTheSharedPoolIsIntact(borrowed);
        write("u1", 1.0);
        assertThat(redis.hash(ROWS.name(), "u1")).containsEntry("amount", "d:1.0");
    }
}
