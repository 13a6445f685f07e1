package dev.freshet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A redis-server of a test's own: options, stop and start on the same port, and no process left behind. */
class RedisServerProcessIT {

    @TempDir
    Path dir;

    @Test
    void servesWithThePasswordAndTheAclUserItWasGiven() {
        String admin = "admin-" + UUID.randomUUID();
        String app = "app-" + UUID.randomUUID();
        try (RedisServerProcess redis = RedisServerProcess.builder()
                .option("requirepass", admin)
                .option("user", "app", "on", ">" + app, "~*", "&*", "+@all")
                .start()) {
            assertThat(ping(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                    .withAuthentication("app", app.toCharArray()).build())).isEqualTo("PONG");
            assertThat(ping(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                    .withPassword(admin.toCharArray()).build())).isEqualTo("PONG");
            assertThatThrownBy(() -> ping(RedisURI.create(redis.host(), redis.port())))
                    .hasRootCauseInstanceOf(RedisCommandExecutionException.class)
                    .rootCause().hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    void stopsAndStartsAgainOnTheSamePort() {
        try (RedisServerProcess redis = RedisServerProcess.builder().start()) {
            int port = redis.port();

            redis.stop();

            assertThat(redis.isRunning()).isFalse();
            assertThat(answers(port)).as("the port refuses connections while Redis is down").isFalse();
            assertThatThrownBy(() -> ping(RedisURI.create(redis.host(), port)))
                    .isInstanceOf(RedisConnectionException.class);

            redis.start();

            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(ping(RedisURI.create(redis.host(), port))).isEqualTo("PONG");
        }
    }

    @Test
    void keepsItsDataAcrossARestartOnlyWhenPersistenceIsAskedFor() {
        try (RedisServerProcess volatileRedis = RedisServerProcess.builder().start();
                RedisServerProcess durableRedis = RedisServerProcess.builder().option("appendonly", "yes").start()) {
            for (RedisServerProcess redis : List.of(volatileRedis, durableRedis)) {
                run(RedisURI.create(redis.host(), redis.port()), c -> c.sync().set("k", "v"));
                redis.stop();
                redis.start();
            }

            String afterRestart = run(RedisURI.create(volatileRedis.host(), volatileRedis.port()), c -> c.sync().get("k"));
            String kept = run(RedisURI.create(durableRedis.host(), durableRedis.port()), c -> c.sync().get("k"));
            assertThat(afterRestart).isNull();
            assertThat(kept).isEqualTo("v");
        }
    }

    @Test
    void closeKillsTheProcessAndLeavesNoneBehind() {
        RedisServerProcess redis = RedisServerProcess.builder().start();
        int port = redis.port();
        assertThat(descendants()).as("redis-server and its supervising shell").hasSizeGreaterThanOrEqualTo(2);

        redis.close();

        assertThat(descendants()).as("processes this JVM started and that still run").isEmpty();
        assertThat(answers(port)).isFalse();
        assertThatThrownBy(redis::start).hasMessage("this Redis server is closed; build another");
        redis.close(); // idempotent
    }

    @Test
    void aJvmThatDiesWithoutClosingItLeavesNoProcessBehind() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StartsAndHangs.class.getName())
                .redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).as("the child JVM's first line").startsWith("port ");
            int port = Integer.parseInt(line.substring("port ".length()));
            assertThat(answers(port)).isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            jvm.waitFor(30, TimeUnit.SECONDS);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !answers(port));
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void servesTlsOnASecondPort() throws IOException {
        TestCertificates ca = TestCertificates.create(dir);
        TestCertificates.Issued server = ca.issue("redis", "IP:127.0.0.1", "DNS:localhost");
        try (RedisServerProcess redis = RedisServerProcess.builder()
                .tls(server.certificate(), server.privateKey(), ca.caCertificate(), false).start()) {
            RedisURI uri = RedisURI.builder().withHost(redis.host()).withPort(redis.tlsPort()).withSsl(true).build();
            RedisClient client = RedisClient.create(uri);
            try {
                client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder()
                        .trustManager(ca.caCertificate().toFile()).build()).build());
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().ping()).isEqualTo("PONG");
                }
            } finally {
                client.shutdown();
            }
            assertThat(Files.readString(ca.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Files.readString(server.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        }
    }

    @Test
    void aServerThatCannotStartSaysWhyFromItsLog() {
        assertThatThrownBy(() -> RedisServerProcess.builder().option("no-such-directive", "x").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis-server exited with status 1 instead of serving port")
                .hasMessageContaining("Bad directive or wrong number of arguments");
    }

    /** Starts a server, prints its port and waits to be killed. */
    static final class StartsAndHangs {
        public static void main(String[] args) throws InterruptedException {
            RedisServerProcess redis = RedisServerProcess.builder().start();
            System.out.println("port " + redis.port());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // until killed
        }
    }

    private static List<String> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RedisServerProcess.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String ping(RedisURI uri) {
        return run(uri, c -> c.sync().ping());
    }

    private static <T> T run(RedisURI uri, java.util.function.Function<StatefulRedisConnection<String, String>, T> f) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c);
        } finally {
            client.shutdown();
        }
    }
}
