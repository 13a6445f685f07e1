package dev.freshet.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Freshet's configuration, under {@code freshet.*}. Kafka connection settings come from {@code spring.kafka.*} and
 * Redis connection settings from {@code spring.data.redis.*}, as for any Spring Boot application.
 *
 * @param spark          SparkSession that Freshet creates when the application defines none
 * @param checkpointRoot Directory (or Hadoop file system URI) under which each job keeps its Structured Streaming
 *                       checkpoint, one directory per feature set and job
 * @param online         Online jobs, which keep Redis fresh
 * @param offline        Offline jobs, which append to the Delta Lake offline store on their cron schedules
 * @param deadLetter     Where records that cannot be ingested go
 * @param kafka          What jobs do about their Kafka topics when they start (the connection is spring.kafka.*)
 * @param redis          How features are laid out in Redis
 * @param ioTimeout      How long a batch waits for Kafka and Redis acknowledgements before it fails
 * @param health         What Freshet's Actuator health contributors check
 * @param featureSets    Per-feature-set overrides of the values declared in annotations, by feature-set name
 * @param backfill       Backfills of feature sets that declare one (@Backfill), run before their online jobs
 * @param secrets        Where the secrets named by @KafkaSecurity are resolved, after the Spring Environment
 * @param clusterTemplates Overrides of the Spark resources a cluster-template size (small, medium, large, xlarge,
 *                       xxlarge) stands for when a job is deployed to a cluster, by size; local mode applies none
 */
@ConfigurationProperties("freshet")
public record FreshetProperties(
        @DefaultValue Spark spark,
        @DefaultValue("./freshet-data/checkpoints") String checkpointRoot,
        @DefaultValue Online online,
        @DefaultValue Offline offline,
        @DefaultValue DeadLetter deadLetter,
        @DefaultValue Kafka kafka,
        @DefaultValue Redis redis,
        @DefaultValue("30s") Duration ioTimeout,
        @DefaultValue Health health,
        Map<String, FeatureSet> featureSets,
        @DefaultValue Backfill backfill,
        @DefaultValue Secrets secrets,
        Map<String, ClusterTemplateResources> clusterTemplates) {

    /** Defaults absent maps to empty. */
    public FreshetProperties {
        featureSets = featureSets == null ? Map.of() : Map.copyOf(featureSets);
        clusterTemplates = clusterTemplates == null ? Map.of() : Map.copyOf(clusterTemplates);
    }

    /** The overrides of {@code featureSet}, or none. */
    public FeatureSet featureSet(String featureSet) {
        return featureSets.getOrDefault(featureSet, new FeatureSet(null, null, null, null, null));
    }

    /**
     * The SparkSession Freshet creates when the application defines none.
     *
     * @param master    Spark master URL; {@code local[*]} runs Spark in the application's JVM
     * @param appName   Spark application name
     * @param uiEnabled Whether to start Spark's web UI (port 4040 and up)
     * @param conf      Further Spark settings, such as {@code spark.sql.shuffle.partitions}; they win over Freshet's
     */
    public record Spark(
            @DefaultValue("local[*]") String master,
            @DefaultValue("freshet") String appName,
            @DefaultValue("false") boolean uiEnabled,
            Map<String, String> conf) {

        /** Defaults an absent map to empty. */
        public Spark {
            conf = conf == null ? Map.of() : Map.copyOf(conf);
        }
    }

    /**
     * The online jobs.
     *
     * @param enabled              Whether to start the online jobs when the application starts
     * @param featureSets          Names of the feature sets whose online job runs; empty runs all
     * @param maxOffsetsPerTrigger Upper bound of records per micro-batch and job; zero for none
     * @param restart              When an online job that failed is started again
     * @param stopTimeout          How long stopping a job (at shutdown) waits for the micro-batch being written to
     *                             finish, so that it stops at a batch boundary
     */
    public record Online(
            @DefaultValue("true") boolean enabled,
            List<String> featureSets,
            @DefaultValue("0") long maxOffsetsPerTrigger,
            @DefaultValue Restart restart,
            @DefaultValue("30s") Duration stopTimeout) {

        /** Defaults an absent list to empty. */
        public Online {
            featureSets = featureSets == null ? List.of() : List.copyOf(featureSets);
        }
    }

    /**
     * When an online job that failed (Redis or Kafka gone, a failed task) is started again from its checkpoint: after
     * an exponential back-off with jitter, until it has been failing for {@code giveUpAfter}. A failure no restart can
     * fix (a definition or checkpoint at fault, records lost in Kafka) is not retried.
     *
     * @param initialBackoff Wait before the first restart of a failure
     * @param maxBackoff     Longest wait between two restarts; the wait doubles from the initial one up to this
     * @param jitter         How far each wait is randomised, as a fraction of it (0 to below 1)
     * @param giveUpAfter    How long a job may keep failing before it is given up; 0s never gives up
     * @param stableAfter    How long a restarted job must run before its next failure counts as a new one
     */
    public record Restart(
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("1m") Duration maxBackoff,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("30m") Duration giveUpAfter,
            @DefaultValue("1m") Duration stableAfter) {
    }

    /**
     * The offline jobs and the offline store.
     *
     * @param enabled              Whether to schedule the offline jobs
     * @param root                 Directory (or Hadoop file system URI) of the offline store's Delta tables
     * @param timeZone             Time zone the cron schedules are evaluated in
     * @param catchUpOnStart       Whether a feature set whose last scheduled run was missed (the application was down)
     *                             runs once at start
     * @param leaseTtl             How long a run's lease in Redis lasts without renewal; a run renews it every third
     *                             of this, and is stopped if it loses it
     * @param maxOffsetsPerTrigger Upper bound of records per micro-batch of an offline run
     * @param filesPerBatch        Files written per event date and micro-batch; compaction merges small files later
     * @param featureSets          Names of the feature sets whose offline job runs; empty runs all
     */
    public record Offline(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("./freshet-data/offline") String root,
            @DefaultValue("UTC") java.time.ZoneId timeZone,
            @DefaultValue("true") boolean catchUpOnStart,
            @DefaultValue("10m") Duration leaseTtl,
            @DefaultValue("1000000") long maxOffsetsPerTrigger,
            @DefaultValue("1") int filesPerBatch,
            List<String> featureSets) {

        /** Defaults an absent list to empty. */
        public Offline {
            featureSets = featureSets == null ? List.of() : List.copyOf(featureSets);
        }
    }

    /**
     * Backfills. A feature set's backfill runs once, when its online job first starts, before the job reads Kafka;
     * its completion is recorded under the checkpoint root, so a restart does not run it again.
     *
     * @param runBeforeOnline Whether an online job whose feature set has a backfill not completed yet runs the
     *                        backfill first; if false, such a job does not start until the backfill is run
     * @param slice           Event time read, appended and committed at once: a stopped backfill resumes with the
     *                        slice it was in
     */
    public record Backfill(
            @DefaultValue("true") boolean runBeforeOnline,
            @DefaultValue("1d") Duration slice) {
    }

    /**
     * Dead letters.
     *
     * @param topicPattern Kafka topic of a feature set's dead letters; {@code {featureSet}} is replaced by its name
     * @param createTopics Whether to create missing dead-letter topics when a job starts, and the compacted
     *                     {@code <topic>.replayed} topic of a dead-letter replay
     */
    public record DeadLetter(
            @DefaultValue("freshet.dlq.{featureSet}") String topicPattern,
            @DefaultValue("true") boolean createTopics) {
    }

    /**
     * What jobs do about their Kafka topics when they start. A job whose source topic does not exist fails to start,
     * naming it, unless Freshet is to create it.
     *
     * @param createMissingSourceTopics    Whether a job that starts creates the source topics that do not exist,
     *                                     instead of failing; meant for development brokers
     * @param sourceTopicPartitions        Partitions of a source topic Freshet creates; the broker's num.partitions
     *                                     if unset
     * @param sourceTopicReplicationFactor Replication factor of a source topic Freshet creates; the broker's
     *                                     default.replication.factor if unset
     * @param connections                  Kafka connections that sources and sinks name
     *                                     ({@code @KafkaSink(connection = "analytics")}), by name
     */
    public record Kafka(
            @DefaultValue("false") boolean createMissingSourceTopics,
            Integer sourceTopicPartitions,
            Short sourceTopicReplicationFactor,
            Map<String, Connection> connections) {

        /** Defaults an absent map to empty. */
        public Kafka {
            connections = connections == null ? Map.of() : Map.copyOf(connections);
        }
    }

    /**
     * A Kafka connection that sources and sinks name. Credentials do not belong here: give them with
     * {@code @KafkaSecurity} as names of secrets.
     *
     * @param bootstrapServers The brokers, as {@code host:port,host:port}
     * @param properties       Further Kafka client properties of the connection, such as {@code client.dns.lookup}
     */
    public record Connection(String bootstrapServers, Map<String, String> properties) {

        /** Defaults an absent map to empty. */
        public Connection {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }

    /**
     * Where the secrets that {@code @KafkaSecurity} names are resolved, after the Spring {@code Environment} (which
     * holds application properties, environment variables such as {@code KAFKA_PASSWORD} for {@code kafka-password},
     * and imported config trees).
     *
     * @param directory A directory holding one file per secret, named as the secret (a mounted Kubernetes secret);
     *                  none if unset
     */
    public record Secrets(java.nio.file.Path directory) {
    }

    /**
     * Freshet's Actuator health contributors (with {@code spring-boot-health} on the class path).
     *
     * @param freshnessBound How old the newest event an online job has written may be while its source holds records
     *                       it has not read, before the feature set's freshness is OUT_OF_SERVICE
     * @param timeout        How long a health check waits for Redis and Kafka to answer
     */
    public record Health(
            @DefaultValue("5m") Duration freshnessBound,
            @DefaultValue("3s") Duration timeout) {
    }

    /**
     * The Redis online store's layout.
     *
     * @param keyPrefix First part of every key Freshet writes: {@code <prefix>:<feature set>:<entity key>}
     */
    public record Redis(@DefaultValue("freshet") String keyPrefix) {
    }

    /**
     * The Spark resources of one cluster-template size, overriding its defaults; each unset value keeps the default
     * of the size (see the configuration guide). They size jobs deployed to a cluster (spark-submit, the Spark
     * Operator); a local run applies none.
     *
     * @param driverCores       Cores of a job's driver (spark.driver.cores)
     * @param driverMemory      Heap of a job's driver (spark.driver.memory), such as 4g or 512m
     * @param executorCores     Cores of each executor (spark.executor.cores)
     * @param executorMemory    Heap of each executor (spark.executor.memory), such as 8g or 512m
     * @param executors         Number of executors (spark.executor.instances)
     * @param shufflePartitions Partitions of each shuffle (spark.sql.shuffle.partitions); a stateful online job keeps
     *                          the value of its checkpoint's first run
     */
    public record ClusterTemplateResources(Integer driverCores, String driverMemory, Integer executorCores,
            String executorMemory, Integer executors, Integer shufflePartitions) {
    }

    /**
     * Overrides for one feature set; unset values keep what its annotation declares.
     *
     * @param onlineTrigger Interval between the online job's micro-batches
     * @param onlineTtl     How long a key stays in Redis after its last write, in whole seconds; {@code 0s} keeps it
     * @param onlineEnabled Whether this feature set's online job runs
     * @param offlineSchedule Five-field cron schedule of the offline job, such as {@code 0 * * * *}
     * @param offlineEnabled Whether this feature set's offline job runs
     */
    public record FeatureSet(Duration onlineTrigger, Duration onlineTtl, Boolean onlineEnabled,
            String offlineSchedule, Boolean offlineEnabled) {
    }
}
