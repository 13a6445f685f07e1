package dev.freshet.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExecutorClientsTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> opened = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private final ExecutorClients<String, String> clients = new ExecutorClients<>("test",
            key -> { opened.add(key); return "client-" + key + "-" + opened.size(); }, closed::add,
            Duration.ofSeconds(60), now::get, false);

    @Test
    void tasksOfOneEndpointShareOneClient() {
        try (var a = clients.lease("redis:1"); var b = clients.lease("redis:1"); var c = clients.lease("redis:2")) {
            assertThat(a.client()).isSameAs(b.client()).isEqualTo("client-redis:1-1");
            assertThat(c.client()).isEqualTo("client-redis:2-2");
        }
        assertThat(opened).containsExactly("redis:1", "redis:2");
    }

    @Test
    void aClientIsClosedOnlyAfterItWasIdleLongEnough() {
        clients.lease("redis:1").close();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(clients.closeIdle()).isZero();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(clients.closeIdle()).isEqualTo(1);
        assertThat(closed).containsExactly("client-redis:1-1");
        assertThat(clients.size()).isZero();
    }

    @Test
    void aLeasedClientIsNeverClosed() {
        try (var lease = clients.lease("redis:1")) {
            now.addAndGet(Duration.ofHours(1).toNanos());
            assertThat(clients.closeIdle()).isZero();
            assertThat(lease.client()).isEqualTo("client-redis:1-1");
        }
        assertThat(closed).isEmpty();
    }

    @Test
    void theNextLeaseAfterClosingOpensAFreshClient() {
        clients.lease("redis:1").close();
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        clients.closeIdle();
        try (var lease = clients.lease("redis:1")) {
            assertThat(lease.client()).isEqualTo("client-redis:1-2");
        }
    }

    @Test
    void aClosedLeaseHandsOutNothingAndClosingTwiceReleasesOnce() {
        var lease = clients.lease("redis:1");
        var other = clients.lease("redis:1");
        lease.close();
        lease.close();
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(clients.closeIdle()).as("the other task still holds it").isZero();
        assertThatThrownBy(lease::client).hasMessageContaining("closed");
        other.close();
    }

    @Test
    void closingUnleasedClientsClosesTheJustReleasedButNotTheLeased() {
        clients.lease("redis:1").close();
        try (var held = clients.lease("redis:2")) {
            assertThat(clients.closeUnleased()).isEqualTo(1);
            assertThat(closed).containsExactly("client-redis:1-1");
            assertThat(held.client()).isEqualTo("client-redis:2-2");
        }
        try (var again = clients.lease("redis:1")) {
            assertThat(again.client()).as("reopened on the next lease").isEqualTo("client-redis:1-3");
        }
    }
}
