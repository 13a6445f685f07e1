package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link OfflineIngestionScheduler#runNow} on a real engine, broker, Redis and Delta table: a run that loses its lease
 * while it goes on is stopped and its caller told why; a run that fails is reported and counted. The scheduler is never
 * started, as when an operator runs a job before (or without) the schedule: the lease is kept all the same.
 */
class OfflineRunNowIT {

    /** One record per micro-batch: the run takes many seconds, so that it is still going on when its lease is taken. */
    private static final int RECORDS = 20;

    @TempDir
    Path dir;

    private final RedisNamespace redis = RedisNamespace.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String name = "lease-loss-" + UUID.randomUUID().toString().substring(0, 8);
    private final String leaseKey = redis.prefix() + ":__runs:offline:" + name + ":lease";
    private RunCoordinator coordinator;
    private FreshetEngine engine;
    private OfflineIngestionScheduler scheduler;

    @BeforeEach
    void startEngine() {
        String topic = "lease-loss-" + UUID.randomUUID();
        EmbeddedKafka.createTopic(topic, 1);
        for (int i = 0; i < RECORDS; i++) {
            String time = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString();
            EmbeddedKafka.send(topic, 0, "u" + i, "{\"user_id\":\"u" + i + "\",\"amount\":1.5,\"is_remote\":false,"
                    + "\"timestamp\":\"" + time + "\"}", Instant.parse(time));
        }
        FeatureSetSpec spec = aFeatureSet().name(name).topic(topic).build();
        OnlineStoreLayout layout = new OnlineStoreLayout(redis.prefix());
        engine = FreshetEngine.builder()
                .spark(SharedSpark.session())
                .catalog(FeatureSetCatalog.of(List.of(spec)))
                .kafka(KafkaConnection.of(EmbeddedKafka.bootstrapServers()))
                .redis(RedisEndpoint.localhost(), layout)
                .checkpointRoot(dir.resolve("checkpoints").toString())
                .offlineRoot(dir.resolve("offline").toString())
                .offlineBatches(1, 1)
                .meterRegistry(meters)
                .build();
        coordinator = RunCoordinator.create(RedisEndpoint.localhost(), layout);
        // Renewed every second: Spark's startup in this JVM can keep the renewing thread waiting for a CPU.
        FreshetProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "freshet.offline.lease-ttl", "3s")))
                .bindOrCreate("freshet", Bindable.of(FreshetProperties.class));
        scheduler = new OfflineIngestionScheduler(engine, coordinator, properties, meters,
                Clock.fixed(Instant.parse("2027-06-15T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stopEngine() {
        engine.close();
        coordinator.close();
        redis.close();
    }

    @Test
    void runNowReportsARunStoppedBecauseAnotherInstanceTookItsLease() {
        CompletableFuture<?> run = CompletableFuture.supplyAsync(() -> scheduler.runNow(name));

        takeTheLeaseOnceTheRunHoldsIt();

        assertThatThrownBy(run::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(LeaseLostException.class)
                .hasMessage("feature set \"" + name + "\": the offline run was stopped because it lost its lease"
                        + " offline:" + name + ": another owner holds it (other-host/42); the next run resumes from its"
                        + " checkpointed offsets");
        assertThat(runs("lease-lost")).isEqualTo(1);
        assertThat(runs("completed")).isZero();
    }

    @Test
    void aRunThatLosesItsLeaseIsStoppedBeforeItCatchesUp() {
        CompletableFuture<?> run = CompletableFuture.supplyAsync(() -> scheduler.runNow(name));

        takeTheLeaseOnceTheRunHoldsIt();

        assertThatThrownBy(run::join).cause().cause().hasMessage("feature set \"" + name + "\": the offline run was"
                + " stopped before it caught up with the source; the next run resumes from its checkpointed offsets");
        assertThat(SharedSpark.session().streams().active()).noneMatch(q -> ("freshet-offline-" + name)
                .equals(q.name()));
        // Counted rather than read: the run may have been stopped before its first commit, when there is no table.
        Counter written = meters.find("freshet.records.written").tag("feature.set", name).tag("job", "offline")
                .counter();
        assertThat(written == null ? 0 : written.count()).isLessThan(RECORDS);
    }

    @Test
    void aRunThatFailsIsReportedToRunNowAndCounted() throws Exception {
        // Where the table's log should be, a file: the run cannot read or write the table.
        Path table = Path.of(engine.offlineTable().path(name));
        Files.createDirectories(table);
        Files.writeString(table.resolve("_delta_log"), "not a Delta log");

        assertThatThrownBy(() -> scheduler.runNow(name)).isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"" + name + "\": the offline job failed: ");
        assertThat(runs("failed")).isEqualTo(1);
    }

    /** Once the run's query is going on (so under its lease), another instance takes the lease over. */
    private void takeTheLeaseOnceTheRunHoldsIt() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> SharedSpark.session().streams().active().length > 0 && Arrays.stream(SharedSpark
                        .session().streams().active()).anyMatch(q -> ("freshet-offline-" + name).equals(q.name())));
        assertThat(coordinator.holder("offline:" + name)).as("the run's lease").isPresent();
        redis.commands().set(leaseKey, "other-host/42");
    }

    private double runs(String outcome) {
        return meters.counter("freshet.offline.runs", "feature.set", name, "outcome", outcome).count();
    }
}
