package dev.freshet.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real three-node Redis Cluster of one test, on free loopback ports: three {@link RedisServerProcess}es with
 * {@code cluster-enabled yes} (each with its own directory, configuration file and cluster bus port; nothing
 * persisted), joined by {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes}, so that each node
 * owns a third of the 16384 hash slots. {@link #start()} returns once every node reports {@code cluster_state:ok}.
 *
 * <pre>{@code
 * try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
 *     ... connect a cluster client to cluster.nodes() (such as "127.0.0.1:41234") ...
 * }
 * }</pre>
 *
 * <p>{@link #startWithPassword} protects every node with a password ({@code requirepass}); it goes into the nodes'
 * configuration files and {@code redis-cli}'s environment, never onto a command line or into a message.
 *
 * <p>{@link #close()} kills the three servers and deletes every directory; a shutdown hook does the same if a test
 * forgets, and each server dies with this JVM however it ends (see {@link RedisServerProcess}). {@code redis-cli} is
 * looked up at the system property {@code freshet.test.redis-cli}, beside {@code redis-server}'s configured path, or on
 * the {@code PATH}. Thread-safe.
 */
public final class RedisClusterProcess implements AutoCloseable {

    /** The address every node is bound to. */
    public static final String HOST = RedisServerProcess.HOST;

    private static final int NODES = 3;
    private static final int BUS_PORT_ATTEMPTS = 3;
    private static final Duration CREATED_WITHIN = Duration.ofSeconds(60);
    private static final Duration OK_WITHIN = Duration.ofSeconds(30);

    private final Path directory;
    private final String password;
    private final List<RedisServerProcess> servers = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private RedisClusterProcess(Path directory, String password) {
        this.directory = directory;
        this.password = password;
        this.shutdownHook = new Thread(this::closeQuietly, "freshet-redis-cluster-shutdown");
    }

    /**
     * Starts three nodes, creates the cluster and returns once every node reports {@code cluster_state:ok}.
     *
     * @throws IllegalStateException if a node does not come up, {@code redis-cli} fails (the message quotes its
     *                               output) or the cluster does not become ok in time; whatever was started is
     *                               stopped first
     */
    public static RedisClusterProcess start() {
        return start(null);
    }

    /**
     * As {@link #start()}, with every node requiring {@code password} of its clients.
     *
     * @throws IllegalStateException as {@link #start()} does
     */
    public static RedisClusterProcess startWithPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("give a non-empty password, or start() a cluster without one");
        }
        return start(password);
    }

    private static RedisClusterProcess start(String password) {
        Path directory = Directories.createTemporary("freshet-redis-cluster");
        RedisClusterProcess cluster = new RedisClusterProcess(directory, password);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            for (int i = 0; i < NODES; i++) {
                cluster.servers.add(cluster.startNode());
            }
            cluster.create();
            for (RedisServerProcess server : cluster.servers) {
                cluster.awaitOk(server.port());
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The client ports of the three nodes. */
    public List<Integer> ports() {
        return servers.stream().map(RedisServerProcess::port).toList();
    }

    /** The nodes as {@code host:port}, as {@code spring.data.redis.cluster.nodes} lists them. */
    public List<String> nodes() {
        return servers.stream().map(s -> HOST + ":" + s.port()).toList();
    }

    /** The cluster's own directory (the output of {@code redis-cli}); each node has another of its own. */
    Path directory() {
        return directory;
    }

    /** Kills the three nodes and deletes their directories and this cluster's. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: this close runs in the hook itself.
        }
        try {
            for (RedisServerProcess server : servers) {
                server.close();
            }
        } finally {
            Directories.deleteRecursively(directory);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // Nothing to report to in a shutdown hook; each server dies with the JVM anyway.
        }
    }

    /** A node with a cluster bus port of its own (the default, port + 10000, may be taken or beyond 65535). */
    private RedisServerProcess startNode() {
        for (int attempt = 1; ; attempt++) {
            try {
                RedisServerProcess.Builder node = RedisServerProcess.builder()
                        .option("cluster-enabled", "yes")
                        .option("cluster-config-file", "nodes.conf")
                        .option("cluster-port", Integer.toString(ChildProcesses.freeLoopbackPort()))
                        .option("cluster-node-timeout", "5000");
                if (password != null) {
                    node.option("requirepass", password).option("masterauth", password);
                }
                return node.start();
            } catch (IllegalStateException e) {
                if (attempt == BUS_PORT_ATTEMPTS || e.getMessage() == null
                        || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
        command.addAll(nodes());
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path output = directory.resolve("redis-cli.out");
        Process cli;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (password != null) {
                builder.environment().put("REDISCLI_AUTH", password); // not -a: a command line shows in ps
            }
            cli = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-cli", e);
        }
        if (!ChildProcesses.waitFor(cli, CREATED_WITHIN)) {
            cli.destroyForcibly();
            ChildProcesses.waitFor(cli, Duration.ofSeconds(10));
            throw new IllegalStateException("redis-cli --cluster create did not finish within "
                    + CREATED_WITHIN.toSeconds() + " s; it wrote:\n" + read(output));
        }
        if (cli.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create exited with status " + cli.exitValue()
                    + "; it wrote:\n" + read(output));
        }
    }

    private void awaitOk(int port) {
        long deadline = System.nanoTime() + OK_WITHIN.toNanos();
        String info = "";
        while (System.nanoTime() < deadline) {
            info = clusterInfo(port);
            if (info.contains("cluster_state:ok")) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException("the Redis Cluster node on port " + port + " did not report cluster_state:ok"
                + " within " + OK_WITHIN.toSeconds() + " s; CLUSTER INFO answered:\n" + info);
    }

    /** The node's {@code CLUSTER INFO} text; empty if it did not answer. */
    private String clusterInfo(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (password != null) {
                byte[] secret = password.getBytes(StandardCharsets.UTF_8);
                out.write(("*2\r\n$4\r\nAUTH\r\n$" + secret.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(secret);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String authenticated = readLine(in);
                if (!authenticated.equals("+OK")) {
                    return "AUTH was refused: " + authenticated;
                }
            }
            out.write("CLUSTER INFO\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return header;
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.US_ASCII);
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(nothing)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String redisCli() {
        String configured = System.getProperty("freshet.test.redis-cli");
        if (configured != null) {
            return configured;
        }
        String server = System.getProperty("freshet.test.redis-server");
        if (server != null) {
            Path beside = Path.of(server).resolveSibling("redis-cli");
            if (Files.isExecutable(beside)) {
                return beside.toString();
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-cli");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-cli is not on the PATH: install Redis (such as apt-get install"
                + " redis-server, which brings redis-tools), or set the system property freshet.test.redis-cli");
    }
}
