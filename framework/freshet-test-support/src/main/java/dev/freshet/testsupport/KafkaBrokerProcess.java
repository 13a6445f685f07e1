package dev.freshet.testsupport;

import dev.freshet.api.SecurityProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A single-node Kafka (KRaft broker and controller in one) in a JVM of its own, which a test can {@link #stop()} (or
 * {@link #kill()}) and {@link #start()} again, as in a broker outage: the same loopback ports and the same log directory each time, so
 * topics, records and committed offsets survive. {@link #close()} kills it and deletes its directory. Besides its
 * {@code PLAINTEXT} listener it may have {@linkplain Builder#listener further listeners}, each on a port of its own,
 * such as the SSL and SASL ones {@link SecuredKafkaBroker} configures.
 *
 * <pre>{@code
 * try (KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().start()) {
 *     kafka.createTopic("events", 2);
 *     ... produce and consume at kafka.bootstrapServers() ...
 *     kafka.stop();   // the broker is down: clients retry or time out (kill() for a crash)
 *     kafka.start();  // up again, with every record it had
 * }
 * }</pre>
 *
 * <p>The child JVM runs {@code java} from {@code java.home} with this JVM's class path (which has the Kafka server
 * jars through {@code spring-kafka-test}); its storage is formatted once, at the first start
 * ({@code kafka.tools.StorageTool format}), then it runs {@code kafka.Kafka} on a properties file in its directory.
 * {@link #stop()} sends SIGTERM (a controlled shutdown, as an operator's restart) and SIGKILL if it has not exited
 * within 30 s. No process is left behind: a shutdown hook kills it when this JVM exits, and the child halts by itself
 * (deleting its directory) as soon as the pipe from this JVM closes, when this JVM was killed. Readiness is an {@code AdminClient}
 * {@code describeCluster} answering with the node. Thread-safe.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** The address every listener is bound to. */
    public static final String HOST = "127.0.0.1";

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;

    private final Path directory;
    private final Map<String, String> properties;
    private final Map<String, SecurityProtocol> listeners;
    private final Map<String, Integer> listenerPorts = new LinkedHashMap<>();
    private final String clusterId;
    private final Thread shutdownHook;
    private int port;
    private int controllerPort;
    private volatile Process process;
    private volatile boolean closed;

    private KafkaBrokerProcess(Path directory, Map<String, String> properties,
            Map<String, SecurityProtocol> listeners) {
        this.directory = directory;
        this.properties = properties;
        this.listeners = listeners;
        this.clusterId = clusterId();
        this.shutdownHook = new Thread(this::killOnExit, "freshet-test-kafka-process-kill");
    }

    /** A builder of a broker with the test defaults (no topic auto-creation, records kept for ever). */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}: the same after a restart. */
    public synchronized String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * {@code 127.0.0.1:<port>} of the listener called {@code listener} (as given to {@link Builder#listener}, or
     * {@code PLAINTEXT}): the same after a restart.
     *
     * @throws IllegalArgumentException if the broker has no such listener
     */
    public synchronized String bootstrapServers(String listener) {
        if (listener.equals("PLAINTEXT")) {
            return bootstrapServers();
        }
        Integer listenerPort = listenerPorts.get(listener);
        if (listenerPort == null) {
            throw new IllegalArgumentException("this Kafka broker has no listener " + listener + ", only PLAINTEXT"
                    + (listeners.isEmpty() ? "" : " and " + String.join(", ", listeners.keySet()))
                    + ": add it with KafkaBrokerProcess.builder().listener(name, protocol)");
        }
        return HOST + ":" + listenerPort;
    }

    /** Whether the broker's process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the broker again on the same ports and log directory, and returns once it answers
     * {@code describeCluster}.
     *
     * @throws IllegalStateException if it is running, closed, or does not come up (the message quotes its log)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this Kafka broker is closed; build another");
        }
        if (isRunning()) {
            throw new IllegalStateException("the Kafka broker on port " + port + " is already running");
        }
        launch();
        awaitReady();
    }

    /**
     * Stops the broker (SIGTERM: a controlled shutdown; SIGKILL if it has not exited within 30 s) and returns once
     * its process has exited: its port refuses connections until {@link #start()}. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        // SIGTERM through the handle: Process.destroy() would also close the pipe, and the child halts when it does.
        stopping.toHandle().destroy();
        if (!ChildProcesses.waitFor(stopping, STOPPED_WITHIN)) {
            stopping.destroyForcibly();
            ChildProcesses.waitFor(stopping, STOPPED_WITHIN);
        }
        try {
            stopping.getOutputStream().close();
        } catch (IOException e) {
            // the child is gone already
        }
    }

    /**
     * Kills the broker (SIGKILL: a crash, with no controlled shutdown; its clients keep the old leaders in their
     * metadata) and returns once its process has exited. {@link #start()} recovers its log. Does nothing if it is not
     * running.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        Process killed = process;
        process = null;
        killed.toHandle().destroyForcibly();
        ChildProcesses.waitFor(killed, STOPPED_WITHIN);
        try {
            killed.getOutputStream().close();
        } catch (IOException e) {
            // the child is gone already
        }
    }

    /** Stops the broker and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
            Directories.deleteRecursively(directory);
        }
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions, unless it exists.
     *
     * @throws IllegalStateException if the broker does not create it within 30 s
     */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(adminProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrapServers() + ": " + e, e);
        }
    }

    /** Every record in {@code topic} from the beginning up to its current end, in partition then offset order. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return EmbeddedKafka.readAll(bootstrapServers(), topic);
    }

    /** The last lines of the broker's output, for a failure message. */
    public String logTail() {
        Path out = directory.resolve("broker.out");
        StringBuilder tail = new StringBuilder();
        try {
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 20), lines.size())
                        .forEach(l -> tail.append("  ").append(l).append('\n'));
            }
        } catch (IOException e) {
            tail.append("  (broker.out unreadable: ").append(e.getMessage()).append(")\n");
        }
        return tail.toString();
    }

    private void launch() {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), directory.resolve("server.properties").toString(), clusterId);
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for the Kafka broker", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        Properties admin = adminProperties();
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin client = Admin.create(admin)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    Process dead = process;
                    process = null;
                    throw new IllegalStateException("the Kafka broker's JVM exited with status " + dead.exitValue()
                            + " instead of serving port " + port + "; its output ends:\n" + logTail());
                }
                try {
                    if (!client.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        stop();
        throw new IllegalStateException("the Kafka broker did not answer on port " + port + " within "
                + READY_WITHIN.toSeconds() + " s; its output ends:\n" + logTail());
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    private void writeConfiguration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + HOST + ":" + port);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        listeners.forEach((name, protocol) -> {
            advertised.append(',').append(name).append("://").append(HOST).append(':').append(listenerPorts.get(name));
            protocols.append(',').append(name).append(':').append(protocol.name());
        });
        config.put("listeners", advertised + ",CONTROLLER://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", advertised.toString());
        config.put("listener.security.protocol.map", protocols.toString());
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        config.put("log.retention.ms", "-1");
        // Later entries win: the test's properties override the defaults above.
        config.putAll(properties);
        StringBuilder file = new StringBuilder();
        // Escaped as Properties.load reads them back: PEM certificates and keys span lines.
        config.forEach((k, v) -> file.append(k).append('=')
                .append(v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")).append('\n'));
        try {
            Files.writeString(directory.resolve("server.properties"), file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shutdown hook: SIGKILL, since the JVM is going away, and the directory with it. */
    private void killOnExit() {
        // Not synchronized: a test thread may hold the lock while the JVM exits (waiting for readiness, say).
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            ChildProcesses.waitFor(running, Duration.ofSeconds(5));
        }
        if (!closed) {
            Directories.deleteRecursively(directory);
        }
    }

    /** A random KRaft cluster id: 16 bytes, URL-safe base64 without padding, as {@code kafka-storage random-uuid}. */
    private static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            // One id in 64 starts with '-', which kafka-storage reads as an option ("--cluster-id: expected one
            // argument"); Kafka's own Uuid.randomUuid() draws again for the same reason.
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** Options of a {@link KafkaBrokerProcess}. */
    public static final class Builder {

        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, SecurityProtocol> listeners = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a listener called {@code name} speaking {@code protocol}, on a free loopback port of its own, to the
         * {@code PLAINTEXT} one the broker always has (which the broker's own clients and {@link #start()}'s readiness
         * check use). Its settings are {@linkplain #property properties} prefixed {@code listener.name.<name lower
         * case>.}, such as {@code listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config}; reach it at
         * {@link KafkaBrokerProcess#bootstrapServers(String)}.
         *
         * @param name     listener name: upper-case letters, digits and {@code _}, not {@code PLAINTEXT} or
         *                 {@code CONTROLLER}
         * @param protocol what the listener speaks
         * @throws IllegalArgumentException if {@code name} is not a valid or a free listener name
         */
        public Builder listener(String name, SecurityProtocol protocol) {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")
                    || listeners.containsKey(name)) {
                throw new IllegalArgumentException("listener name \"" + name + "\" is invalid or taken: use upper-case"
                        + " letters, digits and '_', once each, other than PLAINTEXT and CONTROLLER");
            }
            listeners.put(name, Objects.requireNonNull(protocol, "protocol"));
            return this;
        }

        /** Sets a broker property ({@code server.properties} syntax), overriding the test defaults. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /**
         * Formats the storage and starts the broker on free loopback ports, and returns once it answers.
         *
         * @throws IllegalStateException if it does not come up (the message quotes its output)
         */
        public KafkaBrokerProcess start() {
            Path directory;
            try {
                directory = Files.createTempDirectory("freshet-kafka-broker");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, Map.copyOf(properties),
                    Collections.unmodifiableMap(new LinkedHashMap<>(listeners)));
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            for (int attempt = 1; ; attempt++) {
                synchronized (broker) {
                    // Another process may take a free port before the broker binds it: then try other ports.
                    broker.port = ChildProcesses.freeLoopbackPort();
                    broker.controllerPort = ChildProcesses.freeLoopbackPort();
                    for (String listener : broker.listeners.keySet()) {
                        broker.listenerPorts.put(listener, ChildProcesses.freeLoopbackPort());
                    }
                    broker.writeConfiguration();
                    try {
                        broker.start();
                        return broker;
                    } catch (RuntimeException e) {
                        if (attempt == PORT_ATTEMPTS || !broker.logTail().contains("Address already in use")) {
                            broker.close();
                            throw e;
                        }
                        try {
                            Files.deleteIfExists(directory.resolve("broker.out"));
                        } catch (IOException io) {
                            e.addSuppressed(io);
                        }
                    }
                }
            }
        }
    }

    /**
     * The broker's JVM: formats the log directory unless it is formatted already, then runs {@code kafka.Kafka}
     * until it is stopped. As soon as its standard input (the pipe from the test's JVM) closes, deletes the broker's
     * directory and halts.
     */
    public static final class Child {

        private Child() {}

        /**
         * Runs the broker.
         *
         * @param args the properties file and the cluster id
         */
        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]).toAbsolutePath().getParent();
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // nothing is ever sent: read until the test's JVM closes the pipe
                    }
                } catch (IOException e) {
                    // the pipe broke: the same as closed
                }
                // The test's JVM died without closing this broker: nobody will start it again or delete its files.
                try (Stream<Path> paths = Files.walk(directory)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // halt anyway
                }
                Runtime.getRuntime().halt(3);
            }, "freshet-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
            List<String> format = new ArrayList<>(List.of("format", "--ignore-formatted", "--cluster-id", args[1],
                    "--config", args[0]));
            int formatted = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
            if (formatted != 0) {
                System.out.println("kafka-storage format failed with status " + formatted);
                System.out.flush();
                Runtime.getRuntime().halt(2);
            }
            kafka.Kafka.main(new String[] {args[0]});
        }
    }
}
