package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void localhostIsTheDefaultServer() {
        RedisEndpoint e = RedisEndpoint.localhost();
        assertThat(e.address()).isEqualTo("127.0.0.1:6379/0");
        assertThat(e.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theUriCarriesEverySetting() {
        RedisURI uri = new RedisEndpoint("redis.internal", 6380, 3, "app", "s3cret", true, Duration.ofSeconds(2))
                .toRedisUri();
        assertThat(uri.getHost()).isEqualTo("redis.internal");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(uri.isSsl()).isTrue();
        RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("app");
        assertThat(credentials.getPassword()).isEqualTo("s3cret".toCharArray());
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aPasswordWithoutUserUsesDefaultAuthentication() {
        RedisURI uri = new RedisEndpoint("h", 6379, 0, null, "pw", false, Duration.ofSeconds(1)).toRedisUri();
        RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isNull();
        assertThat(credentials.getPassword()).isEqualTo("pw".toCharArray());
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = new RedisEndpoint("h", 6379, 1, "app", "s3cret", true, Duration.ofSeconds(1)).toString();
        assertThat(text).doesNotContain("s3cret").contains("rediss://app@h:6379/1", "password set");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new RedisEndpoint("h", 0, 0, null, null, false, Duration.ofSeconds(1)))
                .hasMessageContaining("port 0 is not between 1 and 65535");
        assertThatThrownBy(() -> new RedisEndpoint("h", 6379, -1, null, null, false, Duration.ofSeconds(1)))
                .hasMessageContaining("database index -1 is negative");
        assertThatThrownBy(() -> RedisEndpoint.localhost().withCommandTimeout(Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
    }

    @Test
    void aClusterEndpointNamesEveryNodeAndStartsFromTheFirst() {
        RedisEndpoint cluster = cluster().withMaxRedirects(2);
        assertThat(cluster.isCluster()).isTrue();
        assertThat(RedisEndpoint.localhost().isCluster()).isFalse();
        assertThat(cluster.host()).isEqualTo("a");
        assertThat(cluster.port()).isEqualTo(7000);
        assertThat(cluster.maxRedirects()).isEqualTo(2);
        assertThat(cluster.address()).isEqualTo("a:7000,b:7001 (cluster)");
        assertThat(cluster.toRedisUris()).extracting(RedisURI::getHost, RedisURI::getPort, RedisURI::getDatabase)
                .containsExactly(tuple("a", 7000, 0),
                        tuple("b", 7001, 0));
        RedisCredentials credentials = cluster.toRedisUris().get(1).getCredentialsProvider().resolveCredentials()
                .block();
        assertThat(credentials.getUsername()).isEqualTo("app");
        assertThat(credentials.getPassword()).isEqualTo("s3cret".toCharArray());
        assertThat(cluster.withCommandTimeout(Duration.ofSeconds(3)).clusterNodes())
                .isEqualTo(cluster.clusterNodes());
        assertThat(cluster.toString()).doesNotContain("s3cret").contains("a:7000,b:7001 (cluster)", "password set");
    }

    @Test
    void aClusterEndpointRefusesWhatRedisClusterCannotDo() {
        assertThatThrownBy(() -> RedisEndpoint.cluster(List.of(), null, null, false, Duration.ofSeconds(1)))
                .hasMessage("a Redis Cluster endpoint needs at least one node: set spring.data.redis.cluster.nodes"
                        + " to host:port,host:port,...");
        assertThatThrownBy(() -> new RedisEndpoint("a", 7000, 1, null, null, false, Duration.ofSeconds(1), null,
                List.of(new RedisEndpoint.Node("a", 7000)), 5))
                .hasMessage("Redis Cluster has only database 0, not 1: drop spring.data.redis.database (or set it to"
                        + " 0)");
        assertThatThrownBy(() -> new RedisEndpoint("b", 7000, 0, null, null, false, Duration.ofSeconds(1), null,
                List.of(new RedisEndpoint.Node("a", 7000)), 5))
                .hasMessageStartingWith("a Redis Cluster endpoint's host and port are its first node's (a:7000)");
        assertThatThrownBy(() -> cluster().withMaxRedirects(-1))
                .hasMessage("Redis Cluster max redirects -1 is negative: set spring.data.redis.cluster.max-redirects"
                        + " to 0 or more");
        assertThatThrownBy(() -> RedisEndpoint.localhost().withMaxRedirects(3))
                .hasMessageContaining("max redirects apply to a Redis Cluster");
        assertThatThrownBy(() -> new RedisEndpoint.Node("a", 70000))
                .hasMessage("Redis Cluster node port 70000 is not between 1 and 65535");
    }

    @Test
    void theClusterNodesCannotBeChangedThroughTheEndpoint() {
        assertThatThrownBy(() -> cluster().clusterNodes().add(new RedisEndpoint.Node("c", 7002)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static RedisEndpoint cluster() {
        return RedisEndpoint.cluster(List.of(new RedisEndpoint.Node("a", 7000), new RedisEndpoint.Node("b", 7001)),
                "app", "s3cret", false, Duration.ofSeconds(1));
    }

    @Test
    void aClusterEndpointTravelsToExecutorsBySerialization() throws Exception {
        RedisEndpoint e = cluster();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(e);
        }
    }

    @Test
    void travelsToExecutorsBySerialization() throws Exception {
        RedisEndpoint e = new RedisEndpoint("h", 6379, 2, "u", "p", false, Duration.ofMillis(1500));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(e);
        }
    }
}
