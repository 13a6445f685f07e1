package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A supervised online job started against a server nobody listens on (a closed loopback port): Freshet reports it once,
 * naming the address, in the job's status and in one log line, and the clients' own logs stay short. Before, a wrong
 * broker address made Kafka's admin clients log hundreds of "Rebootstrapping" lines a second. The restart policy waits
 * a minute, so the first failure is all a test sees.
 */
class UnreachableServersIT {

    private static final RestartPolicy ONE_ATTEMPT = new RestartPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 0,
            Duration.ofMinutes(30), Duration.ofMinutes(1));

    @TempDir
    Path checkpoints;

    private final RedisNamespace redis = RedisNamespace.create();
    private final String topic = "unreachable-" + UUID.randomUUID();
    private final FeatureSetSpec spec = aFeatureSet().name("unreachable-" + topic.substring(12, 20)).topic(topic)
            .trigger(Duration.ofMillis(300)).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<String, Level> levels = Map.of("org.apache.kafka", Level.INFO, "io.lettuce", Level.INFO);
    private FreshetEngine engine;

    @BeforeEach
    void captureEveryLogLine() {
        // Started first, so that the embedded broker's own start is not among the lines counted.
        EmbeddedKafka.bootstrapServers();
        // Kafka's clients log "Rebootstrapping" at INFO, which an application shows; the tests' default is WARN.
        levels.keySet().forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO));
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(log);
        levels.keySet().forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN));
        if (engine != null) {
            engine.close();
        }
        redis.close();
    }

    @Test
    void anUnreachableBrokerIsReportedOnceWithItsAddress() throws IOException {
        String broker = "127.0.0.1:" + closedPort();
        engine = TestEngines.builder(redis, checkpoints, spec).kafka(KafkaConnection.of(broker))
                .ioTimeout(Duration.ofSeconds(3)).build();

        SupervisedJob job = engine.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), ONE_ATTEMPT);

        String error = "feature set \"" + spec.name() + "\": Kafka did not answer within PT3S while checking source"
                + " topic \"" + topic + "\"; is the broker at " + broker + " running?";
        assertThat(job.status().state()).isEqualTo(JobStatus.State.RESTARTING);
        assertThat(job.status().lastFailure().orElseThrow().message()).isEqualTo(error);
        assertThat(lines(e -> e.getLoggerName().startsWith("dev.freshet") && e.getFormattedMessage().contains(broker)))
                .as("Freshet's lines naming the broker").singleElement().asString().contains(error);
        List<String> kafka = lines(e -> e.getLoggerName().startsWith("org.apache.kafka"));
        assertThat(kafka).as("Kafka's lines in the %s the start waited", "3 s").hasSizeLessThan(40);
    }

    @Test
    void anUnreachableRedisIsReportedOnceWithItsAddress() throws IOException {
        int port = closedPort();
        EmbeddedKafka.createTopic(topic, 1);
        EmbeddedKafka.send(topic, 0, "u1", "{\"user_id\":\"u1\",\"amount\":1.5,\"is_remote\":false,"
                + "\"timestamp\":\"2026-01-01T00:00:01Z\"}", Instant.parse("2026-01-01T00:00:01Z"));
        engine = TestEngines.builder(redis, checkpoints, spec)
                .redis(new RedisEndpoint("127.0.0.1", port, 0, null, null, false, Duration.ofSeconds(2)),
                        new OnlineStoreLayout(redis.prefix()))
                .ioTimeout(Duration.ofSeconds(3)).build();

        SupervisedJob job = engine.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), ONE_ATTEMPT);

        assertThat(job.status().state()).isEqualTo(JobStatus.State.RESTARTING);
        String address = "Redis at 127.0.0.1:" + port + "/0";
        assertThat(job.status().lastFailure().orElseThrow().message()).contains(address + " did not answer");
        // Checked before the query starts: no task of a first batch fails on it, so Spark logs nothing about it.
        assertThat(lines(e -> e.getFormattedMessage().contains(address))).as("the lines naming Redis")
                .singleElement().asString().startsWith("feature set " + spec.name() + ": the online job failed: "
                        + address + " did not answer");
        assertThat(lines(e -> e.getLoggerName().startsWith("io.lettuce"))).as("Lettuce's lines").isEmpty();
    }

    private List<String> lines(Predicate<ILoggingEvent> which) {
        synchronized (log) { // the appender appends holding its own lock
            return log.list.stream().filter(which).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** A loopback port nobody listens on (now). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
