package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.testsupport.RedisNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The lease of an offline run against the real Redis: kept beyond its TTL while the run goes on, the run stopped as
 * soon as the lease is taken or expires, renewal failures retried until the lease can only have expired. The "run" is
 * a counter of stop requests; lease TTLs are a second or two.
 */
class LeaseKeeperIT {

    private static final String FEATURE_SET = "lease-it";
    /**
     * Renewed every 500 ms. Shorter TTLs made the lease expire on a loaded two-core machine, where the renewing thread
     * can wait for a CPU for half a second.
     */
    private static final Duration TTL = Duration.ofMillis(1500);

    private final RedisNamespace redis = RedisNamespace.create();
    private final OnlineStoreLayout layout = new OnlineStoreLayout(redis.prefix());
    private final RunCoordinator coordinator = RunCoordinator.create(RedisEndpoint.localhost(), layout);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger stops = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String leaseKey = redis.prefix() + ":__runs:offline:" + FEATURE_SET + ":lease";

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        coordinator.close();
        redis.close();
    }

    @Test
    void keepsTheLeaseBeyondItsTtlWhileTheRunGoesOn() {
        LeaseKeeper lease = acquire(coordinator, TTL);

        // Four renewals, a third of the TTL apart: more than the TTL has passed since the lease was taken.
        await().until(() -> renewals("renewed") >= LeaseKeeper.RENEWALS_PER_TTL + 1);

        assertThat(coordinator.holder(lease.lease())).contains("me");
        assertThat(lease.lost()).isEmpty();
        assertThat(stops).hasValue(0);
    }

    @Test
    void aLeaseTakenByAnotherOwnerStopsTheRunAndSaysWhoHoldsIt() {
        LeaseKeeper lease = acquire(coordinator, TTL);

        redis.commands().set(leaseKey, "other-host/42");

        await().until(() -> stops.get() == 1);
        assertThat(lease.lost()).contains("another owner holds it (other-host/42)");
        assertThat(renewals("lost")).isEqualTo(1);
    }

    @Test
    void aLostLeaseIsLoggedAsAnErrorNamingTheFeatureSetAndTheHolder() {
        ListAppender<ILoggingEvent> log = capture();
        acquire(coordinator, TTL);

        redis.commands().set(leaseKey, "other-host/42");

        await().until(() -> stops.get() == 1);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).isEqualTo("Freshet: the offline run of feature set"
                        + " lease-it lost its lease offline:lease-it: another owner holds it (other-host/42); stopping"
                        + " the run");
    }

    @Test
    void anExpiredLeaseStopsTheRun() {
        LeaseKeeper lease = acquire(coordinator, TTL);

        redis.commands().del(leaseKey);

        await().until(() -> stops.get() == 1);
        assertThat(lease.lost()).contains("it expired and nobody holds it");
    }

    @Test
    void aRenewalThatFailsIsCountedAndRetriedOnTheNextTick() throws Exception {
        RedisLink link = RedisLink.open();
        toClose.add(link);
        // Renewed every second: the link is restored well before a third renewal could fail.
        RunCoordinator throughLink = RunCoordinator.create(link.endpoint(), layout);
        toClose.add(throughLink);
        LeaseKeeper lease = acquire(throughLink, Duration.ofSeconds(3));
        // Plenty of time left, as a ten-minute lease has during a short outage, so that only renewal is tested.
        redis.commands().pexpire(leaseKey, 60_000);

        link.cut();
        await().until(() -> renewals("failed") >= 1);
        link.restore();
        double renewed = renewals("renewed");

        await().until(() -> renewals("renewed") > renewed);
        assertThat(redis.commands().pttl(leaseKey)).as("renewed to its TTL").isLessThanOrEqualTo(3000);
        assertThat(lease.lost()).isEmpty();
        assertThat(stops).hasValue(0);
    }

    @Test
    void renewalsThatFailForAWholeTtlLoseTheLeaseAndStopTheRun() throws Exception {
        RedisLink link = RedisLink.open();
        toClose.add(link);
        RunCoordinator throughLink = RunCoordinator.create(link.endpoint(), layout);
        toClose.add(throughLink);
        LeaseKeeper lease = acquire(throughLink, TTL);

        link.cut();

        await().until(() -> stops.get() == 1);
        assertThat(renewals("failed")).isEqualTo(LeaseKeeper.RENEWALS_PER_TTL);
        assertThat(lease.lost()).hasValueSatisfying(why -> assertThat(why).startsWith("it could not be renewed for"
                + " 1500 ms, so it has expired and another instance may hold it; the last of 3 failed renewals in a row:"
                + " Redis at " + link.endpoint().address()));
    }

    @Test
    void closingGivesTheLeaseUp() {
        LeaseKeeper lease = acquire(coordinator, TTL);

        lease.close();

        assertThat(coordinator.holder(lease.lease())).isEmpty();
    }

    @Test
    void aLeaseSomeoneElseHoldsIsNotTaken() {
        coordinator.tryAcquire("offline:" + FEATURE_SET, "other-host/42", Duration.ofMinutes(1));

        assertThat(LeaseKeeper.acquire(coordinator, FEATURE_SET, "me", TTL, stops::incrementAndGet, meters))
                .isEmpty();
        assertThat(coordinator.holder("offline:" + FEATURE_SET)).contains("other-host/42");
    }

    private LeaseKeeper acquire(RunCoordinator through, Duration ttl) {
        LeaseKeeper lease = LeaseKeeper.acquire(through, FEATURE_SET, "me", ttl, stops::incrementAndGet, meters)
                .orElseThrow();
        toClose.add(lease);
        return lease;
    }

    private double renewals(String outcome) {
        return meters.counter("freshet.offline.lease.renewals", "feature.set", FEATURE_SET, "outcome", outcome)
                .count();
    }

    private ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(LeaseKeeper.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        toClose.add(() -> logger.detachAppender(appender));
        return appender;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}
