package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.resource.ExecutorClients;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.redis.TileStoreWriter;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.testsupport.RedisClusterProcess;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The online store, the online client and the run coordinator on a real three-node Redis Cluster (started by the
 * test on loopback ports): the online job's row-level and tile writes, from the shared local SparkSession and the
 * embedded broker, land on the node owning each key's slot; a batched read of keys spread over every node answers
 * them all in one call; leases are taken, renewed, lost and taken over.
 */
class RedisClusterIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int USERS = 30;

    private static RedisClusterProcess cluster;
    private static RedisEndpoint endpoint;
    private static RedisClusterClient inspector;
    private static StatefulRedisClusterConnection<String, String> inspection;

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("cluster");

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        endpoint = RedisEndpoint.cluster(cluster.ports().stream().map(p -> new RedisEndpoint.Node(cluster.host(), p))
                .toList(), null, null, false, Duration.ofSeconds(10));
        inspector = RedisClusterClient.create(cluster.ports().stream().map(p -> RedisURI.create(cluster.host(), p))
                .toList());
        inspection = inspector.connect();
    }

    @AfterAll
    static void stopCluster() {
        try {
            // The writers' pools of this JVM must not outlive the cluster and keep reconnecting to it.
            ExecutorClients.closeUnleasedEverywhere();
            if (inspection != null) {
                inspection.close();
            }
            if (inspector != null) {
                inspector.shutdown();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void theOnlineJobWritesRowsToTheNodeOwningEachKeyAndTheScriptKeepsTheNewestEvent() {
        FeatureSetSpec spec = aFeatureSet().name("rows-" + scenario.id()).topic(scenario.topic()).build();
        scenario.createTopic(2);
        Map<String, Long> newest = new TreeMap<>();
        for (int i = 0; i < USERS; i++) {
            newest.put("u" + i, send(i % 2, "u" + i, i + ".5", T0.plusSeconds(10)));
            send(i % 2, "u" + i, "999.0", T0.plusSeconds(5)); // older: loses inside the batch
        }
        scenario.engine(b -> b.redis(endpoint, layout()), spec);

        Job first = scenario.online(spec);

        assertThat(first.failure()).isEmpty();
        assertThat(first.totals()).isEqualTo(new BatchOutcome(USERS, USERS, Map.of()));
        List<String> keys = IntStream.range(0, USERS).mapToObj(i -> key(spec, "u" + i)).toList();
        assertThat(nodesOwning(keys)).as("the keys are spread over every node").hasSize(3);
        for (int i = 0; i < USERS; i++) {
            assertThat(new TreeMap<>(inspection.sync().hgetall(key(spec, "u" + i)))).containsOnly(
                    entry("amount", "d:" + i + ".5"), entry("is_remote", "b:false"),
                    entry("__ts", Long.toString(T0.plusSeconds(10).toEpochMilli())),
                    entry("__p", Integer.toString(i % 2)), entry("__o", Long.toString(newest.get("u" + i))));
        }

        // A second batch: the Lua script on each key's node applies what is newer and skips what is older.
        for (int i = 0; i < 10; i++) {
            send(i % 2, "u" + i, "1.0", T0.plusSeconds(20));
            send(i % 2, "u" + (10 + i), "2.0", T0.plusSeconds(1));
        }
        Job second = scenario.online(spec);

        assertThat(second.totals()).isEqualTo(new BatchOutcome(10, 10, Map.of()));
        try (RedisOnlineFeatureClient client = client(spec)) {
            List<EntityKey> all = IntStream.range(0, USERS).mapToObj(i -> EntityKey.of("u" + i)).toList();
            Map<EntityKey, FeatureVector> vectors = client.getAll(spec.name(), all);
            assertThat(vectors).hasSize(USERS);
            assertThat(vectors.get(EntityKey.of("u3")).feature("amount").asDouble()).isEqualTo(1.0);
            assertThat(vectors.get(EntityKey.of("u13")).feature("amount").asDouble()).isEqualTo(13.5);
            assertThat(vectors.get(EntityKey.of("u29")).feature("amount").asDouble()).isEqualTo(29.5);
        }
    }

    @Test
    void tilesWrittenByTheOnlineJobAreReadInOneBatchAcrossEverySlot() {
        FeatureSetSpec spec = aFeatureSet().name("tiles-" + scenario.id()).topic(scenario.topic())
                .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", ""),
                        new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(1),
                        Duration.ofMinutes(1), Duration.ofMinutes(10))
                .build();
        scenario.createTopic(1);
        // User i has i % 3 + 1 events, of 1.0, 2.0, ...: within the first minute.
        for (int i = 0; i < USERS; i++) {
            for (int n = 1; n <= i % 3 + 1; n++) {
                send(0, "u" + i, n + ".0", T0.plusSeconds(n));
            }
        }
        scenario.engine(b -> b.redis(endpoint, layout()), spec);

        Job job = scenario.online(spec);

        assertThat(job.failure()).isEmpty();
        List<String> keys = IntStream.range(0, USERS).mapToObj(i -> key(spec, "u" + i)).toList();
        assertThat(nodesOwning(keys)).as("the keys are spread over every node").hasSize(3);
        assertThat(inspection.sync().hgetall(key(spec, "u0"))).containsKeys(TileStoreWriter.FORMAT, "__ts");

        List<EntityKey> asked = new ArrayList<>();
        IntStream.range(0, USERS).forEach(i -> asked.add(EntityKey.of("u" + i)));
        asked.add(EntityKey.of("nobody"));
        try (RedisOnlineFeatureClient client = client(spec)) {
            assertThat(client.ping(Duration.ofSeconds(5))).isPositive();
            Map<EntityKey, FeatureVector> read = client.getAllAsOf(spec.name(), asked, T0.plus(Duration.ofMinutes(5)));

            assertThat(read.keySet()).containsExactlyElementsOf(asked.subList(0, USERS));
            for (int i = 0; i < USERS; i++) {
                int events = i % 3 + 1;
                FeatureVector v = read.get(EntityKey.of("u" + i));
                assertThat(v.feature("count_amount_10m").asLong()).as("u" + i).isEqualTo(events);
                assertThat(v.feature("sum_amount_10m").asDouble()).as("u" + i)
                        .isEqualTo(events * (events + 1) / 2.0);
                assertThat(v.feature("count_amount_1m").asLong()).as("u" + i + ", a minute window long past")
                        .isZero();
            }
        }
        new RedisOnlineStore(endpoint, layout()).check(Duration.ofSeconds(5));
    }

    @Test
    void leasesAreTakenRenewedLostAndTakenOverOnTheCluster() {
        List<String> names = IntStream.range(0, 12).mapToObj(i -> "job-" + i).toList();
        try (RunCoordinator a = RunCoordinator.create(endpoint, layout());
                RunCoordinator b = RunCoordinator.create(endpoint, layout())) {
            for (String name : names) {
                assertThat(a.tryAcquire(name, "a", Duration.ofMinutes(1))).as(name).isTrue();
                assertThat(b.tryAcquire(name, "b", Duration.ofMinutes(1))).as(name + " is held").isFalse();
                assertThat(b.holder(name)).contains("a");
            }
            assertThat(nodesOwning(names.stream().map(n -> layout().prefix() + ":__runs:" + n + ":lease").toList()))
                    .as("the leases live on several nodes").hasSizeGreaterThan(1);

            assertThat(a.renew("job-0", "a", Duration.ofMinutes(2))).isTrue();
            assertThat(inspection.sync().pttl(layout().prefix() + ":__runs:job-0:lease"))
                    .isGreaterThan(Duration.ofMinutes(1).toMillis());
            assertThat(b.renew("job-0", "b", Duration.ofMinutes(2))).as("not b's to renew").isFalse();
            b.release("job-0", "b");
            assertThat(a.holder("job-0")).as("not b's to release").contains("a");

            // a's lease of job-lost runs out without a renewal: it is lost, and b takes it over.
            assertThat(a.tryAcquire("job-lost", "a", Duration.ofMillis(300))).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> a.holder("job-lost").isEmpty());
            assertThat(a.renew("job-lost", "a", Duration.ofMinutes(1))).as("a lost it").isFalse();
            assertThat(b.tryAcquire("job-lost", "b", Duration.ofMinutes(1))).isTrue();
            assertThat(a.holder("job-lost")).contains("b");

            for (String name : names) {
                a.release(name, "a");
                assertThat(b.holder(name)).as(name).isEmpty();
            }
            a.recordCompleted("job-0", T0);
            assertThat(b.lastCompleted("job-0")).contains(T0);
            assertThat(b.lastCompleted("job-1")).isEmpty();
        }
    }

    @Test
    void aClusterThatDoesNotAnswerIsReportedWithTheSettingToCheck() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        RedisEndpoint nowhere = RedisEndpoint.cluster(List.of(new RedisEndpoint.Node("127.0.0.1", closed)), null,
                "s3cret", false, Duration.ofSeconds(2));

        assertThatThrownBy(() -> new RedisOnlineStore(nowhere, layout()).check(Duration.ofSeconds(2)))
                .isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("Redis at 127.0.0.1:" + closed + " (cluster) did not answer: ")
                .hasMessageEndingWith("; is it running? (spring.data.redis.cluster.nodes configure where Freshet"
                        + " looks)")
                .message().doesNotContain("s3cret");
    }

    private OnlineStoreLayout layout() {
        return new OnlineStoreLayout(scenario.redis().prefix());
    }

    private String key(FeatureSetSpec spec, String entity) {
        return layout().key(spec.name(), List.of(entity));
    }

    private RedisOnlineFeatureClient client(FeatureSetSpec spec) {
        return RedisOnlineFeatureClient.create(endpoint, layout(), FeatureSetCatalog.of(List.of(spec)));
    }

    /** The ports of the primaries owning the slots of {@code keys}. */
    private static Set<Integer> nodesOwning(List<String> keys) {
        return keys.stream().map(k -> inspection.getPartitions().getPartitionBySlot(SlotHash.getSlot(k)).getUri()
                .getPort()).collect(Collectors.toSet());
    }

    /** Sends a transaction of {@code user} to {@code partition}; returns its offset. */
    private long send(int partition, String user, String amount, Instant time) {
        return scenario.send(partition, user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                + ",\"is_remote\":false,\"timestamp\":\"" + time + "\"}", time);
    }
}
