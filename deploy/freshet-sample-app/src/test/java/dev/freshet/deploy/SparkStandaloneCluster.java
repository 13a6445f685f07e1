package dev.freshet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A Spark standalone cluster on loopback, from Spark's own classes: a Master JVM and a Worker JVM started from a
 * {@code SPARK_HOME} whose {@code jars/} holds what a Spark distribution would (links to Spark's closure as this build
 * resolves it, and the jars the application jar leaves to the cluster), and {@code spark-submit} JVMs on it. The
 * traps of {@code ../shared/examples/spark-standalone} are handled here: {@code SPARK_SCALA_VERSION=2.13} for the
 * Worker's launcher, the Master's REST server off (it takes the fixed port 6066), Spark's module flags for every JVM
 * started by hand and for a cluster-mode driver. {@link #close()} kills every process it started and their children
 * (executors, cluster-mode drivers), also from a shutdown hook if the test JVM is stopped first.
 */
final class SparkStandaloneCluster implements AutoCloseable {

    private static final Duration UP_WITHIN = Duration.ofSeconds(90);

    private final Path root;
    private final Path home;
    private final Path work;
    private final List<String> flags;
    private final List<Process> processes = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "spark-standalone-cluster-kill");
    private final int masterPort;
    private Process worker;

    private SparkStandaloneCluster(Path root, List<String> flags) {
        this.root = root;
        this.home = root.resolve("spark-home");
        this.work = root.resolve("worker");
        this.flags = flags;
        this.masterPort = freeLoopbackPort();
    }

    /**
     * Starts a Master and a Worker of {@code cores} cores and {@code memory} under {@code root}, waiting until the
     * Worker has registered.
     *
     * @param sparkJars the jars a Spark distribution's {@code jars/} would hold
     */
    static SparkStandaloneCluster start(Path root, Set<Path> sparkJars, List<String> flags, int cores, String memory)
            throws IOException {
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(root, flags);
        Runtime.getRuntime().addShutdownHook(cluster.killer);
        try {
            cluster.sparkHome(sparkJars);
            Process master = cluster.java("master", List.of("-Xmx512m", "-Dspark.master.rest.enabled=false"),
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(freeLoopbackPort()));
            cluster.awaitLog(master, "master", "I have been elected leader");
            Files.createDirectories(cluster.work);
            cluster.worker = cluster.java("worker", List.of("-Xmx512m"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--webui-port", Integer.toString(freeLoopbackPort()), "--cores",
                    Integer.toString(cores), "--memory", memory, "--work-dir", cluster.work.toString(),
                    cluster.masterUrl());
            cluster.awaitLog(cluster.worker, "worker", "Successfully registered with master");
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The jars a Spark distribution would hold: {@code spark} (Spark's closure, as this build resolves it) and those
     * of {@code application}'s class path whose classes the application jar leaves out.
     */
    static Set<Path> sparkJars(List<Path> spark, List<Path> application, Path applicationJar) throws IOException {
        Set<Path> jars = new LinkedHashSet<>(spark);
        try (JarFile app = new JarFile(applicationJar.toFile())) {
            for (Path jar : application) {
                if (Files.isRegularFile(jar) && !shadedInto(jar, app)) {
                    jars.add(jar);
                }
            }
        }
        return jars;
    }

    private static boolean shadedInto(Path jar, JarFile app) throws IOException {
        try (JarFile candidate = new JarFile(jar.toFile())) {
            return candidate.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .findFirst().map(n -> app.getEntry(n) != null).orElse(true);
        }
    }

    private void sparkHome(Set<Path> jars) throws IOException {
        Path lib = Files.createDirectories(home.resolve("jars"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        for (Path jar : jars) {
            Path link = lib.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        // The executors read it too (conf/ leads their class path): Spark's scheduling and executor lines, Freshet's.
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.spark.deploy" level="INFO"/>
                  <logger name="org.apache.spark.executor" level="INFO"/>
                  <logger name="org.apache.spark.scheduler.TaskSetManager" level="INFO"/>
                  <logger name="dev.freshet" level="INFO"/>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
    }

    /** {@code spark://127.0.0.1:<port>}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The Worker's work directory: {@code <app id>/<executor id>/} per executor, {@code driver-*} per driver. */
    Path work() {
        return work;
    }

    /** Spark's module flags, as one string for {@code spark.driver.extraJavaOptions}. */
    String flags() {
        return String.join(" ", flags);
    }

    /** Starts {@code spark-submit} with {@code args}; its output goes to {@code <name>.log}. */
    Process submit(String name, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--master", masterUrl()));
        all.addAll(args);
        return java(name, List.of("-Xmx900m"), "org.apache.spark.deploy.SparkSubmit", all.toArray(String[]::new));
    }

    /** What {@code name}'s process wrote. */
    String log(String name) {
        try {
            return Files.readString(root.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Process java(String name, List<String> jvm, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(flags);
        command.addAll(List.of("-cp", home.resolve("conf") + ":" + home.resolve("jars") + "/*", mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        // The Worker's launcher needs it to build an executor's class path (a distribution's load-spark-env.sh sets it).
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        synchronized (processes) {
            Process process = builder.start();
            processes.add(process);
            return process;
        }
    }

    private void awaitLog(Process process, String name, String text) {
        long deadline = System.nanoTime() + UP_WITHIN.toNanos();
        while (!log(name).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + (process.isAlive() ? " did not log \"" : " exited before \"")
                        + text + "\" within " + UP_WITHIN.toSeconds() + " s:\n" + log(name));
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
    }

    /**
     * Stops {@code process} with SIGTERM (its shutdown hooks run: a driver stops its jobs at a batch boundary),
     * waiting up to {@code timeout}, then kills it and whatever it started.
     *
     * @return its exit code
     */
    static int stop(Process process, Duration timeout) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        return process.exitValue();
    }

    /** Kills the Worker (whose children are the executors and cluster-mode drivers), the Master and every submit. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs, or ran, killAll itself
        }
    }

    private void killAll() {
        List<Process> started;
        synchronized (processes) {
            started = List.copyOf(processes);
        }
        // Newest first: submits, then the Worker (its executors and drivers with it), then the Master.
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The Worker's process, whose children are its executors. */
    Process worker() {
        return worker;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
