package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
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
