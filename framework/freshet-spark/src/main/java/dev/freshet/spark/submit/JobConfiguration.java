package dev.freshet.spark.submit;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.secret.SecretResolver;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.SourceTopicCreation;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The configuration of a job submitted with {@link FreshetJobMain}, under the Spring Boot starter's property names so
 * that one configuration serves both: {@code freshet.*} for Freshet, {@code spring.kafka.bootstrap-servers} for the
 * brokers and {@code spring.data.redis.*} for Redis. Read from, the later winning: environment variables (in Spring's
 * form, {@code FRESHET_CHECKPOINTROOT} for {@code freshet.checkpoint-root}, or with underscores for dashes,
 * {@code FRESHET_CHECKPOINT_ROOT}), the {@code --config} properties file, and {@code --conf key=value}. Read are the
 * properties in {@link #READ}, and from the file and {@code --conf} only, Kafka client properties
 * ({@code spring.kafka.properties.<kafka property>}, such as {@code spring.kafka.properties.security.protocol}) and named
 * Kafka connections ({@code freshet.kafka.connections.<name>.bootstrap-servers} and {@code .properties.<kafka
 * property>}); the others (such as {@code freshet.spark.*}, which spark-submit's own flags replace) are reported by
 * {@link #unread()}.
 */
public final class JobConfiguration {

    /** The properties a submitted job reads, with the starter's defaults where it has one. */
    public static final Map<String, String> READ = defaults();

    private static final String KAFKA_PROPERTIES = "spring.kafka.properties.";
    private static final String CONNECTIONS = "freshet.kafka.connections.";
    private static final Pattern CONNECTION = Pattern.compile(Pattern.quote(CONNECTIONS)
            + "([^.]+)\\.(bootstrap-servers|properties\\.(.+))");

    private final Map<String, String> values;
    private final Set<String> unread;
    private final Function<String, String> environment;

    private JobConfiguration(Map<String, String> values, Set<String> unread, Function<String, String> environment) {
        this.values = values;
        this.unread = unread;
        this.environment = environment;
    }

    /**
     * The configuration from {@code environment}, then the file and the {@code --conf} properties of {@code args}.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    public static JobConfiguration of(JobArguments args, Map<String, String> environment) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String key : READ.keySet()) {
            String spring = key.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
            String underscored = key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            Optional.ofNullable(environment.get(spring)).or(() -> Optional.ofNullable(environment.get(underscored)))
                    .ifPresent(v -> given.put(key, v));
        }
        args.configFile().ifPresent(file -> read(file).forEach(given::put));
        given.putAll(args.conf());
        Map<String, String> values = new LinkedHashMap<>(READ);
        Set<String> unread = new TreeSet<>();
        given.forEach((key, value) -> {
            if (READ.containsKey(key) || key.startsWith(KAFKA_PROPERTIES) || CONNECTION.matcher(key).matches()) {
                values.put(key, value);
            } else {
                unread.add(key);
            }
        });
        return new JobConfiguration(Collections.unmodifiableMap(values), Collections.unmodifiableSet(unread),
                environment::get);
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + " cannot be read (" + e.getMessage()
                    + "): give a .properties file of freshet.* and spring.* properties", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, properties.getProperty(k)));
        return values;
    }

    /** The value of {@code key}, one of {@link #READ}; empty if it has no default and was not given. */
    public Optional<String> value(String key) {
        if (!READ.containsKey(key)) {
            throw new IllegalArgumentException(key + " is not a property FreshetJobMain reads");
        }
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /**
     * The properties given that a submitted job does not read: those only the starter reads, or misspelt ones, for a
     * log line at start.
     */
    public Set<String> unread() {
        return unread;
    }

    /**
     * An engine on {@code spark} for {@code catalog}, configured as the starter configures its own.
     *
     * @throws dev.freshet.core.error.FreshetException naming the property, if a value is invalid or a required one
     *                                                 is missing
     */
    public FreshetEngine engine(SparkSession spark, FeatureSetCatalog catalog) {
        FreshetEngine.Builder builder = FreshetEngine.builder()
                .spark(spark)
                .catalog(catalog)
                .kafka(kafka())
                .kafkaConnections(kafkaConnections())
                .redis(redis(), new OnlineStoreLayout(required("freshet.redis.key-prefix", "give a key prefix")))
                .checkpointRoot(required("freshet.checkpoint-root", "give a directory or Hadoop file system URI"))
                .offlineRoot(required("freshet.offline.root", "give a directory or Hadoop file system URI"))
                .offlineBatches(positiveLong("freshet.offline.max-offsets-per-trigger"),
                        (int) positiveLong("freshet.offline.files-per-batch"))
                .deadLetterTopicPattern(required("freshet.dead-letter.topic-pattern", "give a topic pattern"))
                .createDeadLetterTopics(bool("freshet.dead-letter.create-topics"))
                .ioTimeout(duration("freshet.io-timeout"))
                .backfillSlices(duration("freshet.backfill.slice"))
                .runBackfillsBeforeOnlineJobs(bool("freshet.backfill.run-before-online"))
                .secrets(secrets());
        if (bool("freshet.kafka.create-missing-source-topics")) {
            builder.createMissingSourceTopics(new SourceTopicCreation(
                    value("freshet.kafka.source-topic-partitions").map(v -> (int) positive(
                            "freshet.kafka.source-topic-partitions", v)),
                    value("freshet.kafka.source-topic-replication-factor").map(v -> (short) positive(
                            "freshet.kafka.source-topic-replication-factor", v))));
        }
        return builder.build();
    }

    /** The brokers, with {@code spring.kafka.properties.*} as client properties. */
    KafkaConnection kafka() {
        return new KafkaConnection(required("spring.kafka.bootstrap-servers", "give the brokers as host:port,host:port"),
                prefixed(KAFKA_PROPERTIES));
    }

    /** The values under {@code prefix}, by the rest of their key. */
    private Map<String, String> prefixed(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && value != null) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return found;
    }

    /** The named connections, as the starter reads {@code freshet.kafka.connections.*}. */
    Map<String, KafkaConnection> kafkaConnections() {
        Map<String, String> servers = new TreeMap<>();
        Map<String, Map<String, String>> properties = new TreeMap<>();
        values.forEach((key, value) -> {
            Matcher m = CONNECTION.matcher(key);
            if (m.matches()) {
                properties.computeIfAbsent(m.group(1), n -> new LinkedHashMap<>());
                if (m.group(3) == null) {
                    servers.put(m.group(1), value);
                } else {
                    properties.get(m.group(1)).put(m.group(3), value);
                }
            }
        });
        Map<String, KafkaConnection> connections = new LinkedHashMap<>();
        properties.forEach((name, props) -> {
            String brokers = servers.get(name);
            if (brokers == null || brokers.isBlank()) {
                throw FreshetErrors.invalidSetting(null, CONNECTIONS + name + ".bootstrap-servers",
                        String.valueOf(brokers == null ? "" : brokers), "is empty; give the brokers as"
                                + " host:port,host:port");
            }
            connections.put(name, new KafkaConnection(brokers, props));
        });
        return connections;
    }

    /** The restart policy of supervised online jobs: {@code freshet.online.restart.*}. */
    public RestartPolicy restartPolicy() {
        String jitter = value("freshet.online.restart.jitter").orElseThrow();
        try {
            return new RestartPolicy(duration("freshet.online.restart.initial-backoff"),
                    duration("freshet.online.restart.max-backoff"), Double.parseDouble(jitter),
                    durationOrZero("freshet.online.restart.give-up-after"),
                    durationOrZero("freshet.online.restart.stable-after"));
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.invalidSetting(null, "freshet.online.restart", jitter + " (jitter)", "is invalid: "
                    + e.getMessage());
        }
    }

    /** How long stopping an online job waits for its batch: {@code freshet.online.stop-timeout}. */
    public Duration stopTimeout() {
        return duration("freshet.online.stop-timeout");
    }

    /** The online job's settings for {@code spec}: as declared, with {@code freshet.online.max-offsets-per-trigger}. */
    public OnlineJobSettings onlineSettings(FeatureSetSpec spec) {
        OnlineJobSettings declared = OnlineJobSettings.declared(spec);
        long max = Long.parseLong(value("freshet.online.max-offsets-per-trigger").orElseThrow());
        return new OnlineJobSettings(declared.triggerInterval(), max, declared.onlineTtl(), declared.runMode());
    }

    /** Redis Cluster if {@code spring.data.redis.cluster.nodes} is set, else the standalone Redis. */
    RedisEndpoint redis() {
        Optional<String> nodes = value("spring.data.redis.cluster.nodes");
        try {
            if (nodes.isPresent()) {
                List<RedisEndpoint.Node> cluster = new ArrayList<>();
                for (String node : nodes.get().split(",")) {
                    int colon = node.trim().lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("node \"" + node.trim() + "\" is not host:port");
                    }
                    cluster.add(new RedisEndpoint.Node(node.trim().substring(0, colon),
                            Integer.parseInt(node.trim().substring(colon + 1))));
                }
                return RedisEndpoint.cluster(cluster, value("spring.data.redis.username").orElse(null),
                        value("spring.data.redis.password").orElse(null), bool("spring.data.redis.ssl.enabled"),
                        duration("spring.data.redis.timeout"));
            }
            return new RedisEndpoint(required("spring.data.redis.host", "give the Redis host"),
                    (int) positiveLong("spring.data.redis.port"),
                    Integer.parseInt(value("spring.data.redis.database").orElseThrow()),
                    value("spring.data.redis.username").orElse(null), value("spring.data.redis.password").orElse(null),
                    bool("spring.data.redis.ssl.enabled"), duration("spring.data.redis.timeout"));
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.invalidSetting(null, nodes.isPresent() ? "spring.data.redis.cluster.nodes"
                    : "spring.data.redis", nodes.orElseGet(() -> value("spring.data.redis.host").orElse("") + ":"
                    + value("spring.data.redis.port").orElse("")), "is invalid: " + e.getMessage());
        }
    }

    /**
     * Secrets that {@code @KafkaSecurity} names: a property of this configuration named as the secret, then an
     * environment variable ({@code KAFKA_PASSWORD} for {@code kafka-password}), then a file in
     * {@code freshet.secrets.directory}; as the starter resolves them.
     */
    private SecretResolver secrets() {
        SecretResolver resolver = SecretResolver.of(name -> Optional.ofNullable(values.get(name))
                .orElseGet(() -> environment.apply(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT))),
                "the job's configuration and environment variables");
        return value("freshet.secrets.directory").map(dir -> resolver.or(SecretResolver.files(Path.of(dir))))
                .orElse(resolver);
    }

    private String required(String key, String fix) {
        return value(key).orElseThrow(() -> FreshetErrors.invalidSetting(null, key, "", "is not set; " + fix
                + " (--conf " + key + "=..., the --config file, or the environment)"));
    }

    private boolean bool(String key) {
        String v = value(key).orElseThrow();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw FreshetErrors.invalidSetting(null, key, v, "is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private Duration duration(String key) {
        String v = value(key).orElseThrow();
        try {
            return DurationLiteral.parse(v);
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.invalidSetting(null, key, v, "is not a duration: " + e.getMessage());
        }
    }

    private Duration durationOrZero(String key) {
        return value(key).filter(v -> v.trim().matches("0+\\s*[a-z]*")).map(v -> Duration.ZERO)
                .orElseGet(() -> duration(key));
    }

    private long positiveLong(String key) {
        return positive(key, value(key).orElseThrow());
    }

    private static long positive(String key, String v) {
        try {
            long n = Long.parseLong(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the fix
        }
        throw FreshetErrors.invalidSetting(null, key, v, "is not a positive whole number");
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("spring.kafka.bootstrap-servers", null);
        d.put("spring.data.redis.host", "127.0.0.1");
        d.put("spring.data.redis.port", "6379");
        d.put("spring.data.redis.database", "0");
        d.put("spring.data.redis.username", null);
        d.put("spring.data.redis.password", null);
        d.put("spring.data.redis.ssl.enabled", "false");
        d.put("spring.data.redis.timeout", "10s");
        d.put("spring.data.redis.cluster.nodes", null);
        d.put("freshet.checkpoint-root", "./freshet-data/checkpoints");
        d.put("freshet.offline.root", "./freshet-data/offline");
        d.put("freshet.offline.max-offsets-per-trigger", "1000000");
        d.put("freshet.offline.files-per-batch", "1");
        d.put("freshet.online.max-offsets-per-trigger", "0");
        d.put("freshet.online.stop-timeout", "30s");
        d.put("freshet.online.restart.initial-backoff", "1s");
        d.put("freshet.online.restart.max-backoff", "1m");
        d.put("freshet.online.restart.jitter", "0.5");
        d.put("freshet.online.restart.give-up-after", "30m");
        d.put("freshet.online.restart.stable-after", "1m");
        d.put("freshet.dead-letter.topic-pattern", "freshet.dlq.{featureSet}");
        d.put("freshet.dead-letter.create-topics", "true");
        d.put("freshet.kafka.create-missing-source-topics", "false");
        d.put("freshet.kafka.source-topic-partitions", null);
        d.put("freshet.kafka.source-topic-replication-factor", null);
        d.put("freshet.redis.key-prefix", "freshet");
        d.put("freshet.io-timeout", "30s");
        d.put("freshet.backfill.run-before-online", "true");
        d.put("freshet.backfill.slice", "1d");
        d.put("freshet.secrets.directory", null);
        return Collections.unmodifiableMap(d);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        // Kafka client properties may hold secrets (sasl.jaas.config), as the Redis password does.
        shown.replaceAll((k, v) -> v != null && (k.equals("spring.data.redis.password") || k.startsWith(KAFKA_PROPERTIES)
                || CONNECTION.matcher(k).matches() && k.contains(".properties.")) ? "******" : v);
        return "JobConfiguration" + shown;
    }
}
