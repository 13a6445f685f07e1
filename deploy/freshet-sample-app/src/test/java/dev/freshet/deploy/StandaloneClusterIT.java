package dev.freshet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.offline.OfflineTable;
import dev.freshet.testsupport.Directories;
import dev.freshet.testsupport.KafkaBrokerProcess;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar on a real Spark standalone cluster (a Master JVM and a Worker JVM, which forks the executors
 * and, in cluster mode, the driver): {@code spark-submit} of {@link dev.freshet.spark.submit.FreshetJobMain} in
 * client mode runs the online job until it is stopped, and the events on the broker reach Redis; in cluster mode
 * the offline job runs once and they reach Delta. Each application's event log names the executor of every task,
 * and each of those executors has its directory (and its task log lines) under the Worker's work directory: the
 * work ran in JVMs the Worker forked, not in the driver. Run with {@code -Pcluster-tests}; not part of the main
 * build.
 */
class StandaloneClusterIT {

    private static final String FEATURE_SET = "user-last-transaction";
    private static final int USERS = 6;
    private static final Pattern TASK_EXECUTOR = Pattern.compile("\"Task Info\":\\{.*?\"Executor ID\":\"([^\"]+)\"");
    private static final Pattern APP_ID = Pattern.compile("\"App ID\":\"([^\"]+)\"");

    private static Path root;
    private static KafkaBrokerProcess kafka;
    private static RedisNamespace redis;
    private static SparkStandaloneCluster cluster;
    private static Path appJar;

    @BeforeAll
    static void startClusterAndBrokerAndProduce() throws IOException {
        root = Directories.createTemporary("freshet-standalone-cluster");
        appJar = Path.of(System.getProperty("freshet.app.jar"));
        Set<Path> sparkJars = SparkStandaloneCluster.sparkJars(classPath("freshet.spark.classpath"),
                classPath("freshet.runtime.classpath"), appJar);
        List<String> flags = Arrays.stream(System.getProperty("spark.jvm.flags").split(" "))
                .filter(f -> !f.isBlank()).toList();
        kafka = KafkaBrokerProcess.builder().start();
        kafka.createTopic("transactions", 2);
        redis = RedisNamespace.create();
        produce();
        // 2 cores and 2 GB: in cluster mode the driver takes one core and 900 MB, the one executor the rest.
        cluster = SparkStandaloneCluster.start(root, sparkJars, flags, 2, "2g");
    }

    @AfterAll
    static void stopAll() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } finally {
                if (redis != null) {
                    redis.close();
                }
                Directories.deleteRecursively(root);
            }
        }
    }

    @Test
    void clientModeOnlineJobWritesTheEventsToRedisFromTheWorkersExecutors() throws Exception {
        Path events = Files.createDirectories(root.resolve("events-client"));
        Process submit = cluster.submit("client", submitArgs("client", events, "online"));
        try (RedisOnlineFeatureClient online = RedisOnlineFeatureClient.create(
                new RedisEndpoint(RedisNamespace.HOST, RedisNamespace.PORT, 0, null, null, false,
                        Duration.ofSeconds(10)),
                new OnlineStoreLayout(redis.prefix()), FeatureSetCatalog.discover(getClass().getClassLoader()))) {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(submit.isAlive()).as("spark-submit (client mode) is running:\n%s", tail("client"))
                        .isTrue();
                for (int user = 1; user <= USERS; user++) {
                    Optional<FeatureVector> vector = online.get(FEATURE_SET, EntityKey.of("user-" + user));
                    assertThat(vector).as("user-%s in Redis", user).isPresent();
                    assertThat(vector.get().feature("last_amount").asDouble()).isEqualTo(10.0 * user);
                    assertThat(vector.get().feature("last_merchant_category").value()).isEqualTo("grocery");
                }
            });
        } finally {
            int code = SparkStandaloneCluster.stop(submit, Duration.ofSeconds(60));
            System.out.println("client-mode spark-submit stopped with exit code " + code);
        }
        assertTasksRanInTheWorkersExecutors(events);
    }

    @Test
    void clusterModeOfflineJobAppendsTheEventsToDeltaFromTheWorkersExecutors() throws Exception {
        Path events = Files.createDirectories(root.resolve("events-cluster"));
        List<String> args = new ArrayList<>(List.of("--deploy-mode", "cluster", "--driver-memory", "900m",
                "--driver-cores", "1", "--conf", "spark.standalone.submit.waitAppCompletion=true",
                // A driver the Worker forks gets none of Spark's module flags by itself.
                "--conf", "spark.driver.extraJavaOptions=" + cluster.flags()));
        args.addAll(submitArgs("cluster", events, "offline"));
        Process submit = cluster.submit("cluster", args);
        boolean exited = submit.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            SparkStandaloneCluster.stop(submit, Duration.ofSeconds(10));
        }
        Path driver = onlyDirectory(cluster.work(), "driver-");
        String driverLog = Files.readString(driver.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(exited).as("the cluster-mode submit finished within 180 s:\n%s", tail("cluster")).isTrue();
        assertThat(driverLog).as("the driver's log").contains("FreshetJobMain: running the offline job of ["
                + FEATURE_SET + "]").contains("offline run appended " + USERS + " rows");
        assertThat(tail("cluster")).contains("FINISHED");

        String table = new OfflineTable(root.resolve("offline").toString()).path(FEATURE_SET);
        List<Row> rows = SharedSpark.session().read().format("delta").load(table)
                .select("user_id", "last_amount").orderBy("user_id").collectAsList();
        Map<String, Double> amounts = new TreeMap<>();
        rows.forEach(r -> amounts.put(r.getString(0), r.getDouble(1)));
        Map<String, Double> expected = new TreeMap<>();
        for (int user = 1; user <= USERS; user++) {
            expected.put("user-" + user, 10.0 * user);
        }
        assertThat(amounts).isEqualTo(expected);
        assertTasksRanInTheWorkersExecutors(events);
    }

    private static List<String> submitArgs(String name, Path events, String job) {
        return List.of("--class", "dev.freshet.spark.submit.FreshetJobMain", "--name", "freshet-" + name,
                "--conf", "spark.cores.max=1", "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=900m", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.sql.shuffle.partitions=2",
                "--conf", "spark.databricks.delta.snapshotPartitions=2",
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.dir=" + events.toUri(),
                "file://" + appJar,
                "--job", job, "--feature-set", FEATURE_SET,
                "--conf", "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--conf", "freshet.redis.key-prefix=" + redis.prefix(),
                "--conf", "freshet.checkpoint-root=" + root.resolve("checkpoints"),
                "--conf", "freshet.offline.root=" + root.resolve("offline"));
    }

    /**
     * Every task the application's event log records ran in an executor other than the driver, which the Worker
     * launched: the executor has its directory under the Worker's work directory, whose log shows it running tasks.
     */
    private static void assertTasksRanInTheWorkersExecutors(Path events) throws IOException {
        // Spark 4 writes a rolling event log: a directory eventlog_v2_<app id> of events_<n>_* files.
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("events_")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        String log = events.toString();
        String appId = lines.stream().filter(l -> l.contains("\"Event\":\"SparkListenerApplicationStart\""))
                .map(APP_ID::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no application start in " + log));
        Set<String> executors = new TreeSet<>();
        lines.stream().filter(l -> l.contains("\"Event\":\"SparkListenerTaskEnd\"")).map(TASK_EXECUTOR::matcher)
                .filter(Matcher::find).forEach(m -> executors.add(m.group(1)));

        assertThat(executors).as("executors of the tasks of %s", appId).isNotEmpty().doesNotContain("driver");
        for (String executor : executors) {
            Path dir = cluster.work().resolve(appId).resolve(executor);
            assertThat(dir).as("the Worker's directory of executor %s", executor).isDirectory();
            assertThat(Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8))
                    .as("executor %s's log", executor).contains("Running task");
        }
        System.out.println(appId + ": tasks ran in executors " + executors + " forked by the Worker");
    }

    private static void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int user = 1; user <= USERS; user++) {
                String json = "{\"user_id\":\"user-" + user + "\",\"amount\":" + (10.0 * user)
                        + ",\"is_remote\":false,\"merchant_category\":\"grocery\",\"timestamp\":\"2026-01-01T12:00:0"
                        + user + "Z\"}";
                producer.send(new ProducerRecord<>("transactions", "user-" + user, json));
            }
            producer.flush();
        }
    }

    private static Path onlyDirectory(Path parent, String prefix) throws IOException {
        try (Stream<Path> dirs = Files.list(parent)) {
            List<Path> found = dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).as("%s* under %s", prefix, parent).hasSize(1);
            return found.get(0);
        }
    }

    private static String tail(String name) {
        String log = cluster.log(name);
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    private static List<Path> classPath(String property) throws IOException {
        String text = Files.readString(Path.of(System.getProperty(property)), StandardCharsets.UTF_8).trim();
        return Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
