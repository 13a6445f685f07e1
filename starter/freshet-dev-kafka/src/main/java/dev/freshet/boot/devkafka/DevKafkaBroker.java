package dev.freshet.boot.devkafka;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.source.KafkaTopics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (a KRaft broker and controller in one) inside the application's JVM, for development: bound to
 * the loopback address only, with its log in a directory that survives restarts (so topics, records and the offsets
 * in Freshet's checkpoints stay consistent), formatted on its first start. Not for production: one node, no
 * replication, no security.
 *
 * <pre>{@code
 * try (DevKafkaBroker kafka = DevKafkaBroker.start(9092, Path.of("freshet-data/dev-kafka"))) {
 *     kafka.createTopics(List.of("page-views"), 1);
 *     ... produce and consume at kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class DevKafkaBroker implements AutoCloseable {

    /** The only address the broker listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;
    private boolean closed;

    private DevKafkaBroker(KafkaRaftServer server, int port, Path logDirectory) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} (0 for any free port) with its log in {@code logDirectory} (created
     * and formatted if it holds no broker yet), and returns once it answers clients.
     *
     * @throws IllegalStateException if the port is taken, the directory holds something else, or the broker does not
     *                               come up within 60 s; the message says what to change
     */
    public static DevKafkaBroker start(int port, Path logDirectory) {
        requireNonNull(logDirectory, "logDirectory");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port: use 1-65535, or 0 for any free one");
        }
        Path directory = logDirectory.toAbsolutePath().normalize();
        int brokerPort = port == 0 ? freePort() : requireFree(port);
        int controllerPort = freePort();
        Properties config = config(brokerPort, controllerPort, directory);
        format(directory, config);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        DevKafkaBroker broker = new DevKafkaBroker(server, brokerPort, directory);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw new IllegalStateException("the development Kafka broker on " + HOST + ":" + brokerPort
                    + " (log in " + directory + ") did not start: " + e.getMessage(), e);
        }
        return broker;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** Where the broker keeps its log and metadata; delete it (with the checkpoints) to start from nothing. */
    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * Creates each of {@code topics} that does not exist yet, with {@code partitions} partitions (replication factor
     * 1); returns the topics it created.
     *
     * @throws FreshetException if the broker refuses or does not answer within 60 s
     */
    public Set<String> createTopics(Collection<String> topics, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions is " + partitions + ": a topic needs at least one");
        }
        List<NewTopic> wanted = topics.stream().distinct().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
        KafkaTopics kafka = new KafkaTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                READY_WITHIN);
        return Set.copyOf(kafka.createMissing(null, "topic", wanted));
    }

    /** Shuts the broker down (its log stays for the next start). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.describeCluster().nodes().get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer to describeCluster within " + READY_WITHIN.toSeconds() + " s: "
                    + e, e);
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "freshet-dev-kafka",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_WITHIN.toMillis());
    }

    private static Properties config(int port, int controllerPort, Path directory) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", directory.toString());
        // One node: every internal topic has one replica, and nobody waits for a second member to join a group.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // As in production: a topic Freshet reads must be declared (the starter creates the declared ones).
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /** Formats {@code directory} for this node unless it already holds a broker's log. */
    private static void format(Path directory, Properties config) {
        try {
            Files.createDirectories(directory);
            if (Files.exists(directory.resolve(META_PROPERTIES))) {
                return;
            }
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("the development Kafka broker's log directory " + directory
                            + " is not empty but holds no broker (no " + META_PROPERTIES + "): empty it, or set "
                            + "freshet.dev.embedded-kafka.log-dir to another directory");
                }
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(directory.toString()))
                    .setMetadataLogDirectory(directory.toString())
                    .setControllerListenerName(config.getProperty("controller.listener.names"))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the development Kafka broker's log directory "
                    + directory, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the development Kafka broker's log directory "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST + " is in use (is a Kafka broker already "
                    + "running there?): stop it and use it instead, by turning freshet.dev.embedded-kafka.enabled off, "
                    + "or set freshet.dev.embedded-kafka.port to another port, or to 0 for any free one", e);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
