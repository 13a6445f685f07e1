package dev.freshet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A three-node Redis Cluster of a test's own: every slot served, keys of any slot readable, nothing left behind. */
class RedisClusterProcessIT {

    @Test
    void servesEverySlotFromThreePrimariesAndLeavesNothingBehindWhenClosed() {
        RedisClusterProcess cluster = RedisClusterProcess.start();
        List<Integer> ports = cluster.ports();
        try {
            assertThat(ports).hasSize(3).doesNotHaveDuplicates();
            assertThat(cluster.nodes()).containsExactly(ports.stream().map(p -> "127.0.0.1:" + p)
                    .toArray(String[]::new));
            RedisClusterClient client = RedisClusterClient.create(ports.stream()
                    .map(p -> RedisURI.create(cluster.host(), p)).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                List<RedisClusterNode> primaries = connection.getPartitions().getPartitions().stream()
                        .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM)).toList();
                assertThat(primaries).hasSize(3);
                assertThat(primaries.stream().mapToInt(n -> n.getSlots().size()).sum()).isEqualTo(SlotHash.SLOT_COUNT);

                Set<Integer> nodesUsed = new HashSet<>();
                for (int i = 0; i < 30; i++) {
                    connection.sync().set("k" + i, "v" + i);
                    nodesUsed.add(connection.getPartitions().getPartitionBySlot(SlotHash.getSlot("k" + i))
                            .getUri().getPort());
                }
                assertThat(connection.sync().get("k29")).isEqualTo("v29");
                assertThat(nodesUsed).as("30 keys land on every node").hasSize(3);
            } finally {
                client.shutdown();
            }
        } finally {
            cluster.close();
        }

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("processes this JVM started and that still run").isEmpty();
        assertThat(ports).noneMatch(RedisClusterProcessIT::answers);
        assertThat(Files.exists(cluster.directory())).isFalse();
        cluster.close(); // idempotent
    }

    @Test
    void withAPasswordEveryNodeRequiresIt() {
        String password = "cluster-" + java.util.UUID.randomUUID();
        try (RedisClusterProcess cluster = RedisClusterProcess.startWithPassword(password)) {
            RedisClusterClient client = RedisClusterClient.create(cluster.ports().stream()
                    .map(p -> RedisURI.builder().withHost(cluster.host()).withPort(p)
                            .withPassword(password.toCharArray()).build()).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                for (int i = 0; i < 30; i++) {
                    connection.sync().set("k" + i, "v" + i);
                }
                assertThat(connection.sync().get("k7")).isEqualTo("v7");
            } finally {
                client.shutdown();
            }
            RedisClusterClient anonymous = RedisClusterClient.create(RedisURI.create(cluster.host(),
                    cluster.ports().get(0)));
            try {
                assertThatThrownBy(anonymous::connect).hasStackTraceContaining("NOAUTH");
            } finally {
                anonymous.shutdown();
            }
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RedisClusterProcess.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
