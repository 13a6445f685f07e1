package dev.freshet.boot;

import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.redis.RunCoordinator;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.FreshetSparkConf;
import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.spark.consistency.ConsistencyChecker;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.core.secret.SecretResolver;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.spark.source.SourceTopicCreation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Freshet. Every bean backs off when the application defines its own
 * ({@code @ConditionalOnMissingBean}), so any part can be replaced: bring a {@link SparkSession} to run on an
 * existing session, a {@link KafkaConnection} or {@link RedisEndpoint} to use other servers than
 * {@code spring.kafka.*} and {@code spring.data.redis.*} describe, or a {@link FeatureSetCatalog} to choose feature
 * sets by hand. {@code freshet.enabled=false} turns it all off; {@code freshet.online.enabled=false} keeps the
 * beans but starts no job.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            // Its availability bean must hear readiness events before Freshet's ReadinessGuard answers them.
            "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration"
        })
@ConditionalOnClass({FreshetEngine.class, SparkSession.class})
@ConditionalOnBooleanProperty(name = "freshet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FreshetProperties.class)
public class FreshetAutoConfiguration {

    /** The feature sets compiled into the application: every index the annotation processor wrote. */
    @Bean
    @ConditionalOnMissingBean
    public FeatureSetCatalog freshetFeatureSetCatalog() {
        return FeatureSetCatalog.discover(Thread.currentThread().getContextClassLoader());
    }

    /**
     * A SparkSession from {@code freshet.spark.*} and Freshet's defaults ({@link FreshetSparkConf}), unless the
     * application defines one; stopped with the context only if this bean created it.
     */
    @Bean
    @ConditionalOnMissingBean(SparkSession.class)
    public SparkSessionFactoryBean freshetSparkSession(FreshetProperties properties) {
        return new SparkSessionFactoryBean(properties.spark());
    }

    /** 127.0.0.1:6379, when neither the application nor Spring Data Redis's properties say otherwise. */
    @Bean
    @ConditionalOnMissingBean
    public RedisEndpoint freshetRedisEndpoint(ObjectProvider<RedisEndpointSource> fromSpringData) {
        RedisEndpointSource source = fromSpringData.getIfAvailable();
        return source != null ? source.endpoint() : RedisEndpoint.localhost();
    }

    /** Key layout of the online store: {@code freshet.redis.key-prefix}. */
    @Bean
    @ConditionalOnMissingBean
    public OnlineStoreLayout freshetOnlineStoreLayout(FreshetProperties properties) {
        return new OnlineStoreLayout(properties.redis().keyPrefix());
    }

    /**
     * Reads feature vectors from Redis, with a Lettuce client of its own that closes with the context; aggregates are
     * read as of the application's {@link Clock} bean, if it has one (the system clock otherwise).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(OnlineFeatureClient.class)
    public RedisOnlineFeatureClient freshetOnlineFeatureClient(RedisEndpoint endpoint, OnlineStoreLayout layout,
            FeatureSetCatalog catalog, ObjectProvider<Clock> clock) {
        return RedisOnlineFeatureClient.create(endpoint, layout, catalog, clock.getIfAvailable(Clock::systemUTC));
    }

    /** The engine; closed (its jobs stopped) when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FreshetEngine freshetEngine(FreshetProperties properties, SparkSession spark, FeatureSetCatalog catalog,
            KafkaConnection kafka, RedisEndpoint redis, OnlineStoreLayout layout,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock, ApplicationEventPublisher events,
            ObjectProvider<FreshetEngine> self, Environment environment, SecretResolver secrets,
            ClusterTemplateSizes clusterTemplateSizes) {
        if (properties.backfill().slice().isNegative() || properties.backfill().slice().isZero()) {
            throw FreshetErrors.invalidSetting(null, "freshet.backfill.slice", properties.backfill().slice().toString(),
                    "is not positive; use a duration such as 1d or 6h");
        }
        FreshetEngine.Builder builder = FreshetEngine.builder()
                .spark(spark)
                .catalog(catalog)
                .kafka(kafka)
                .redis(redis, layout)
                .checkpointRoot(properties.checkpointRoot())
                .deadLetterTopicPattern(properties.deadLetter().topicPattern())
                .createDeadLetterTopics(properties.deadLetter().createTopics())
                .ioTimeout(properties.ioTimeout())
                .meterRegistry(meters.getIfAvailable(SimpleMeterRegistry::new))
                .offlineRoot(properties.offline().root())
                .offlineBatches(properties.offline().maxOffsetsPerTrigger(), properties.offline().filesPerBatch())
                .clock(clock.getIfAvailable(Clock::systemUTC))
                .jobListener(new ReadinessPublisher(events, self))
                .backfillSlices(properties.backfill().slice())
                .runBackfillsBeforeOnlineJobs(properties.backfill().runBeforeOnline())
                // Batch sources may name their location as ${property}, resolved here when the backfill runs.
                .batchLocations(environment::resolveRequiredPlaceholders)
                .secrets(secrets)
                .clusterTemplateSizes(clusterTemplateSizes)
                .kafkaConnections(kafkaConnections(properties.kafka()));
        FreshetProperties.Kafka topics = properties.kafka();
        if (topics.createMissingSourceTopics()) {
            builder.createMissingSourceTopics(sourceTopicCreation(topics));
        }
        return builder.build();
    }

    /**
     * What each cluster-template size means: Freshet's defaults with {@code freshet.cluster-templates.<size>.*}
     * applied, checked at start. For deployments to a cluster; the engine only logs each job's size.
     */
    @Bean
    @ConditionalOnMissingBean
    public ClusterTemplateSizes freshetClusterTemplateSizes(FreshetProperties properties) {
        return ClusterTemplateOverrides.resolve(properties.clusterTemplates());
    }

    /**
     * The secrets that {@code @KafkaSecurity} names, resolved when a job is planned: a property of the Spring
     * {@code Environment} named as the secret (application properties, environment variables — {@code KAFKA_PASSWORD}
     * for {@code kafka-password} — or an imported config tree), then a file named as the secret in
     * {@code freshet.secrets.directory}. Define a {@link SecretResolver} bean to resolve them elsewhere (a vault).
     */
    @Bean
    @ConditionalOnMissingBean
    public SecretResolver freshetSecretResolver(FreshetProperties properties, Environment environment) {
        SecretResolver resolver = SecretResolver.of(environment::getProperty,
                "the Spring Environment (application properties, environment variables)");
        Path directory = properties.secrets().directory();
        return directory == null ? resolver : resolver.or(SecretResolver.files(directory));
    }

    private static Map<String, KafkaConnection> kafkaConnections(FreshetProperties.Kafka kafka) {
        Map<String, KafkaConnection> connections = new LinkedHashMap<>();
        kafka.connections().forEach((name, c) -> {
            if (c.bootstrapServers() == null || c.bootstrapServers().isBlank()) {
                throw FreshetErrors.invalidSetting(null, "freshet.kafka.connections." + name + ".bootstrap-servers",
                        String.valueOf(c.bootstrapServers()), "is empty; give the brokers as host:port,host:port");
            }
            connections.put(name, new KafkaConnection(c.bootstrapServers(), c.properties()));
        });
        return connections;
    }

    private static SourceTopicCreation sourceTopicCreation(FreshetProperties.Kafka topics) {
        Integer partitions = topics.sourceTopicPartitions();
        Short replication = topics.sourceTopicReplicationFactor();
        if (partitions != null && partitions < 1) {
            throw FreshetErrors.invalidSetting(null, "freshet.kafka.source-topic-partitions", partitions.toString(),
                    "is not positive; use 1 or more, or leave it unset for the broker's num.partitions");
        }
        if (replication != null && replication < 1) {
            throw FreshetErrors.invalidSetting(null, "freshet.kafka.source-topic-replication-factor",
                    replication.toString(), "is not positive; use 1 or more, or leave it unset for the broker's"
                            + " default.replication.factor");
        }
        return new SourceTopicCreation(Optional.ofNullable(partitions), Optional.ofNullable(replication));
    }

    /**
     * Keeps readiness REFUSING_TRAFFIC when Spring Boot declares the application ready while an online job does not
     * run (it failed to start, say).
     */
    @Bean
    @ConditionalOnMissingBean(name = "freshetReadinessGuard")
    ApplicationListener<AvailabilityChangeEvent<?>> freshetReadinessGuard(ObjectProvider<FreshetEngine> engine,
            ApplicationEventPublisher events) {
        return new ReadinessGuard(engine, events);
    }

    /** Point-in-time retrieval of training data from the offline store. */
    @Bean
    @ConditionalOnMissingBean
    public HistoricalFeatures freshetHistoricalFeatures(FreshetEngine engine) {
        return engine.historical();
    }

    /** Compares the online store with the offline store for sampled keys. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RedisOnlineFeatureClient.class)
    public ConsistencyChecker freshetConsistencyChecker(FreshetEngine engine, RedisOnlineFeatureClient online) {
        return engine.consistency(online);
    }

    /** Leases and run records of scheduled runs, in Redis. */
    @Bean
    @ConditionalOnMissingBean
    public RunCoordinator freshetRunCoordinator(RedisEndpoint endpoint, OnlineStoreLayout layout) {
        return RunCoordinator.create(endpoint, layout);
    }

    /** Runs the offline jobs on their cron schedules, unless {@code freshet.offline.enabled=false}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "freshet.offline.enabled", matchIfMissing = true)
    public OfflineIngestionScheduler freshetOfflineIngestionScheduler(FreshetEngine engine,
            RunCoordinator coordinator, FreshetProperties properties, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<Clock> clock) {
        return new OfflineIngestionScheduler(engine, coordinator, properties,
                meters.getIfAvailable(SimpleMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Starts the online jobs after the context has started, unless {@code freshet.online.enabled=false}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "freshet.online.enabled", matchIfMissing = true)
    public OnlineIngestionLifecycle freshetOnlineIngestionLifecycle(FreshetEngine engine,
            FreshetProperties properties) {
        return new OnlineIngestionLifecycle(engine, properties);
    }

    /** Freshet's health contributors, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        /** {@code freshet} in {@code /actuator/health}: the online jobs, their freshness, Redis and Kafka. */
        @Bean
        @ConditionalOnMissingBean(name = "freshetHealthContributor")
        @ConditionalOnEnabledHealthIndicator("freshet")
        FreshetHealthContributor freshetHealthContributor(FreshetEngine engine,
                ObjectProvider<RedisOnlineFeatureClient> redis, FreshetProperties properties,
                ObjectProvider<Clock> clock) {
            return new FreshetHealthContributor(engine, redis.getIfAvailable(), properties.health(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /** The Kafka connection from {@code spring.kafka.*}, when Spring Boot's Kafka support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaProperties.class)
    static class KafkaConnectionConfiguration {

        /** {@code spring.kafka.bootstrap-servers} with the security, SSL and SASL client properties. */
        @Bean
        @ConditionalOnMissingBean
        KafkaConnection freshetKafkaConnection(KafkaProperties kafka,
                ObjectProvider<KafkaConnectionDetails> details) {
            KafkaConnectionDetails connection = details.getIfAvailable();
            String servers = String.join(",",
                    connection != null ? connection.getBootstrapServers() : kafka.getBootstrapServers());
            Map<String, String> properties = new LinkedHashMap<>();
            kafka.buildAdminProperties().forEach((key, value) -> {
                // Connection properties only: Spark's Kafka source refuses deserializers, group ids and the like.
                if (value != null && (key.startsWith("security.") || key.startsWith("ssl.")
                        || key.startsWith("sasl."))) {
                    properties.put(key, value.toString());
                }
            });
            kafka.getProperties().forEach(properties::putIfAbsent);
            return new KafkaConnection(servers, properties);
        }
    }

    /** Reads {@code spring.data.redis.*}, when Spring Data Redis's support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DataRedisConnectionDetails.class)
    static class SpringDataRedisConfiguration {

        /** The standalone Redis that {@code spring.data.redis.*} describes, TLS and credentials included. */
        @Bean
        RedisEndpointSource freshetRedisEndpointSource(ObjectProvider<DataRedisConnectionDetails> details,
                ObjectProvider<DataRedisProperties> properties) {
            return () -> RedisEndpoints.from(details.getIfAvailable(), properties.getIfAvailable());
        }
    }

    /** Masks the secrets among Freshet's properties in the Actuator's responses, when the Actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class ActuatorSanitizingConfiguration {

        /** Passwords, keys, tokens and URL credentials under the properties Freshet reads; see the class. */
        @Bean
        @ConditionalOnMissingBean(name = "freshetSanitizingFunction")
        SanitizingFunction freshetSanitizingFunction(ObjectProvider<FeatureSetCatalog> catalog) {
            FeatureSetCatalog feature = catalog.getIfAvailable();
            return new FreshetSanitizingFunction(feature == null ? List.of()
                    : FreshetSanitizingFunction.secretNames(feature));
        }
    }

    /**
     * {@code freshet.dev.embedded-kafka.enabled=true} without {@code freshet-dev-kafka} on the class path: the
     * application would silently connect to {@code spring.kafka.bootstrap-servers} instead, so it does not start.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "freshet.dev.embedded-kafka.enabled")
    @ConditionalOnMissingClass("dev.freshet.boot.devkafka.DevKafkaBroker")
    static class DevKafkaMissingConfiguration {

        DevKafkaMissingConfiguration() {
            throw new IllegalStateException("freshet.dev.embedded-kafka.enabled is true, but the development broker "
                    + "is not on the class path: add the dependency dev.freshet:freshet-dev-kafka (its version comes "
                    + "from freshet-bom), or remove the property to use spring.kafka.bootstrap-servers");
        }
    }

    /** Where the Redis endpoint comes from; keeps Spring Data Redis types out of the main configuration. */
    @FunctionalInterface
    interface RedisEndpointSource {
        RedisEndpoint endpoint();
    }
}
