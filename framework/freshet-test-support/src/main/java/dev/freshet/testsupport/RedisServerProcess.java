package dev.freshet.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code redis-server} process of one test, on free loopback ports of its own, with the options the test needs
 * (a password, ACL users, TLS), that the test can {@link #stop()} and {@link #start()} again on the same ports, as in
 * an outage. {@link #close()} kills it and deletes its directory.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.builder()
 *         .option("requirepass", adminPassword)
 *         .option("user", "app", "on", ">" + appPassword, "~*", "&*", "+@all")
 *         .start()) {
 *     ... connect to redis.host():redis.port() ...
 *     redis.stop();   // Redis is down: connections fail
 *     redis.start();  // up again on the same port (empty, unless options enable persistence)
 * }
 * }</pre>
 *
 * <p>The options go into a configuration file in the process's own directory, not onto its command line, so that
 * passwords show neither in {@code ps} nor in this class's messages. By default nothing is persisted: a restarted
 * server starts empty; {@code option("appendonly", "yes")} keeps the data across {@link #stop()} and {@link #start()}
 * (the file lives in the process's directory).
 *
 * <p>No process is left behind, even when a test fails without closing it or its JVM is killed: {@code redis-server}
 * runs under a small shell that kills it as soon as the pipe from this JVM closes.
 *
 * <p>The plain port always serves (readiness is checked there with {@code PING}); with {@link Builder#tls TLS}, a
 * second port serves TLS. {@code redis-server} is looked up on the {@code PATH}, or at the path given by the system
 * property {@code freshet.test.redis-server}. Thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {

    /** The address every port is bound to. */
    public static final String HOST = "127.0.0.1";

    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;

    /*
     * fd 3 keeps the pipe from this JVM; a background reader waits on it and kills redis-server when it closes: on
     * stop(), on close(), or when this JVM dies in any way. The shell itself ends when redis-server ends.
     */
    private static final String SUPERVISOR = "exec 3<&0; \"$0\" \"$1\" </dev/null & r=$!; "
            + "( read _ <&3; kill \"$r\" 2>/dev/null ) >/dev/null 2>&1 & wait \"$r\"";

    private final Path directory;
    private final List<List<String>> options;
    private final Tls tls;
    private int port;
    private int tlsPort;
    private Process process;
    private boolean closed;

    private RedisServerProcess(Path directory, List<List<String>> options, Tls tls) {
        this.directory = directory;
        this.options = options;
        this.tls = tls;
    }

    /** A builder of a server with no options (no password, no persistence). */
    public static Builder builder() {
        return new Builder();
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The plain (non-TLS) port; the same after a restart. */
    public synchronized int port() {
        return port;
    }

    /**
     * The TLS port; the same after a restart.
     *
     * @throws IllegalStateException if the server was built without TLS
     */
    public synchronized int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("this Redis server has no TLS port: build it with tls(...)");
        }
        return tlsPort;
    }

    /** Whether the process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server again on the same ports, and returns once it answers {@code PING}.
     *
     * @throws IllegalStateException if it is running, closed, or does not come up (the message quotes its log)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this Redis server is closed; build another");
        }
        if (isRunning()) {
            throw new IllegalStateException("Redis on port " + port + " is already running");
        }
        launch();
        awaitReady();
    }

    /**
     * Stops the server (SIGTERM, as an operator would; SIGKILL if it has not exited within 10 s) and returns once it
     * has exited: its ports refuse connections until {@link #start()}. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        // The server itself, not only its supervisor: a start must not find the old server still on the port.
        List<ProcessHandle> servers = stopping.descendants().toList();
        try {
            stopping.getOutputStream().close(); // the supervisor's reader sees the pipe close and kills redis-server
        } catch (IOException e) {
            // the supervisor is gone already
        }
        if (!ChildProcesses.waitFor(stopping, STOPPED_WITHIN)) {
            redisPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            stopping.destroyForcibly();
            ChildProcesses.waitFor(stopping, STOPPED_WITHIN);
        }
        for (ProcessHandle server : servers) {
            if (!ChildProcesses.waitFor(server, STOPPED_WITHIN)) {
                server.destroyForcibly();
                ChildProcesses.waitFor(server, STOPPED_WITHIN);
            }
        }
        try {
            Files.deleteIfExists(directory.resolve("redis.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            Directories.deleteRecursively(directory);
        }
    }

    private void launch() {
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", SUPERVISOR, redisServer(),
                    directory.resolve("redis.conf").toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("process.out").toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (answersPing()) {
                return;
            }
            if (!process.isAlive()) {
                Process dead = process;
                process = null;
                throw new IllegalStateException("redis-server exited with status " + dead.exitValue()
                        + " instead of serving port " + port + "; its log ends:\n" + logTail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + READY_WITHIN.toSeconds() + " s; its log ends:\n" + logTail());
    }

    /** Whether the plain port answers PING; an answer that asks for a password counts: the server is up. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return reply != null && (reply.equals("+PONG") || reply.startsWith("-NOAUTH"));
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfiguration() {
        List<String> lines = new ArrayList<>();
        lines.add("bind " + HOST);
        lines.add("port " + port);
        lines.add("dir " + quote(directory.toString()));
        lines.add("pidfile " + quote(directory.resolve("redis.pid").toString()));
        lines.add("logfile " + quote(directory.resolve("redis.log").toString()));
        lines.add("daemonize no");
        lines.add("save \"\"");
        lines.add("appendonly no");
        if (tls != null) {
            lines.add("tls-port " + tlsPort);
            lines.add("tls-cert-file " + quote(tls.certificate().toString()));
            lines.add("tls-key-file " + quote(tls.privateKey().toString()));
            lines.add("tls-ca-cert-file " + quote(tls.caCertificate().toString()));
            lines.add("tls-auth-clients " + (tls.clientCertificates() ? "yes" : "no"));
        }
        // Later lines win: the test's options override the defaults above.
        for (List<String> option : options) {
            StringBuilder line = new StringBuilder(option.get(0));
            option.subList(1, option.size()).forEach(v -> line.append(' ').append(quote(v)));
            lines.add(line.toString());
        }
        try {
            Files.write(directory.resolve("redis.conf"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String file : List.of("redis.log", "process.out")) {
            Path path = directory.resolve(file);
            try {
                if (Files.exists(path)) {
                    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - 15), lines.size())
                            .forEach(l -> tail.append("  ").append(l).append('\n'));
                }
            } catch (IOException e) {
                tail.append("  (").append(file).append(" unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return tail.toString();
    }

    private void deleteLogs() {
        try {
            Files.deleteIfExists(directory.resolve("redis.log"));
            Files.deleteIfExists(directory.resolve("process.out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Long> redisPid() {
        try {
            Path pidFile = directory.resolve("redis.pid");
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String redisServer() {
        String configured = System.getProperty("freshet.test.redis-server");
        if (configured != null) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not on the PATH: install Redis (such as apt-get install"
                + " redis-server), or set the system property freshet.test.redis-server to its path");
    }

    /** A value as the Redis configuration file reads it: double-quoted, with backslashes and quotes escaped. */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** What the TLS port serves with. */
    private record Tls(Path certificate, Path privateKey, Path caCertificate, boolean clientCertificates) {}

    /** Options of a {@link RedisServerProcess}. */
    public static final class Builder {

        private final List<List<String>> options = new ArrayList<>();
        private Tls tls;

        private Builder() {}

        /**
         * Adds a configuration directive, as {@code redis.conf} spells it: {@code option("requirepass", password)},
         * {@code option("user", "app", "on", ">" + password, "~*", "&*", "+@all")}. Directives given later win.
         */
        public Builder option(String name, String... values) {
            List<String> option = new ArrayList<>();
            option.add(name);
            option.addAll(List.of(values));
            options.add(List.copyOf(option));
            return this;
        }

        /**
         * Serves TLS on a second port ({@link #tlsPort()}) with {@code certificate} and its {@code privateKey} (PEM
         * files); client certificates signed by {@code caCertificate} are required if {@code clientCertificates}.
         */
        public Builder tls(Path certificate, Path privateKey, Path caCertificate, boolean clientCertificates) {
            tls = new Tls(certificate.toAbsolutePath(), privateKey.toAbsolutePath(), caCertificate.toAbsolutePath(),
                    clientCertificates);
            return this;
        }

        /**
         * Starts the server on free loopback ports and returns once it answers {@code PING}.
         *
         * @throws IllegalStateException if it does not come up (the message quotes its log)
         */
        public RedisServerProcess start() {
            Path directory;
            try {
                directory = Files.createTempDirectory("freshet-redis-server");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServerProcess server = new RedisServerProcess(directory, List.copyOf(options), tls);
            for (int attempt = 1; ; attempt++) {
                synchronized (server) {
                    // Another process may take a free port before redis-server binds it: then try other ports.
                    server.port = ChildProcesses.freeLoopbackPort();
                    server.tlsPort = tls == null ? 0 : ChildProcesses.freeLoopbackPort();
                    server.writeConfiguration();
                    server.deleteLogs();
                    try {
                        server.start();
                        return server;
                    } catch (IllegalStateException e) {
                        if (attempt == PORT_ATTEMPTS || !server.logTail().contains("Address already in use")) {
                            server.close();
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
