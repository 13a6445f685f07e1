package dev.freshet.spark.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.RedisEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigurationTest {

    @TempDir
    Path dir;

    private static JobArguments args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("--all", "--job", "online"));
        all.addAll(List.of(more));
        return JobArguments.parse(all);
    }

    @Test
    void theStartersDefaultsApplyWhenNothingIsGiven() {
        JobConfiguration conf = JobConfiguration.of(args(), Map.of());

        assertThat(conf.value("freshet.checkpoint-root")).contains("./freshet-data/checkpoints");
        assertThat(conf.value("freshet.redis.key-prefix")).contains("freshet");
        assertThat(conf.value("spring.kafka.bootstrap-servers")).isEmpty();
        assertThat(conf.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void confWinsOverTheFileWhichWinsOverTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("job.properties"),
                "freshet.checkpoint-root=/from/file\nfreshet.offline.root=/offline/from/file\n");
        JobConfiguration conf = JobConfiguration.of(
                args("--config", file.toString(), "--conf", "freshet.checkpoint-root=/from/conf"),
                Map.of("FRESHET_CHECKPOINTROOT", "/from/env", "FRESHET_OFFLINE_ROOT", "/offline/from/env",
                        "FRESHET_REDIS_KEY_PREFIX", "env-prefix"));

        assertThat(conf.value("freshet.checkpoint-root")).contains("/from/conf");
        assertThat(conf.value("freshet.offline.root")).contains("/offline/from/file");
        assertThat(conf.value("freshet.redis.key-prefix")).contains("env-prefix");
    }

    @Test
    void propertiesOnlyTheStarterReadsAreReportedUnread() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "freshet.spark.master=local[2]",
                "--conf", "freshet.checkpoint-rot=/typo"), Map.of());

        assertThat(conf.unread()).containsExactly("freshet.checkpoint-rot", "freshet.spark.master");
    }

    @Test
    void anUnreadableConfigFileIsNamed() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> JobConfiguration.of(args("--config", missing.toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--config " + missing + " cannot be read");
    }

    @Test
    void aBadDurationNamesThePropertyAndTheValue() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "freshet.online.stop-timeout=soon"), Map.of());

        assertThatThrownBy(conf::stopTimeout)
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("property freshet.online.stop-timeout = \"soon\" is not a duration");
    }

    @Test
    void theRestartPolicyReadsTheStartersPropertiesAndZeroNeverGivesUp() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "freshet.online.restart.initial-backoff=2s",
                "--conf", "freshet.online.restart.give-up-after=0s"), Map.of());

        assertThat(conf.restartPolicy().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(conf.restartPolicy().giveUpAfter()).isZero();
    }

    @Test
    void theRedisPasswordIsNotShown() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "spring.data.redis.password=hunter2"), Map.of());

        assertThat(conf.toString()).doesNotContain("hunter2").contains("spring.data.redis.password=******");
    }

    @Test
    void kafkaClientPropertiesComeFromSpringKafkaPropertiesAndAreNotShown() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "spring.kafka.bootstrap-servers=k1:9092,k2:9092",
                "--conf", "spring.kafka.properties.security.protocol=SASL_SSL",
                "--conf", "spring.kafka.properties.sasl.jaas.config=secret-jaas"), Map.of());

        assertThat(conf.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(conf.kafka().properties()).containsExactly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "secret-jaas"));
        assertThat(conf.unread()).isEmpty();
        assertThat(conf.toString()).doesNotContain("secret-jaas").doesNotContain("SASL_SSL");
    }

    @Test
    void namedKafkaConnectionsAreReadAsTheStarterReadsThem() {
        JobConfiguration conf = JobConfiguration.of(args(
                "--conf", "freshet.kafka.connections.analytics.bootstrap-servers=a:9092",
                "--conf", "freshet.kafka.connections.analytics.properties.client.dns.lookup=use_all_dns_ips"),
                Map.of());

        assertThat(conf.kafkaConnections()).containsOnlyKeys("analytics");
        assertThat(conf.kafkaConnections().get("analytics").bootstrapServers()).isEqualTo("a:9092");
        assertThat(conf.kafkaConnections().get("analytics").properties())
                .containsExactly(Map.entry("client.dns.lookup", "use_all_dns_ips"));
    }

    @Test
    void aNamedConnectionWithoutBrokersIsNamed() {
        JobConfiguration conf = JobConfiguration.of(args(
                "--conf", "freshet.kafka.connections.analytics.properties.client.dns.lookup=use_all_dns_ips"),
                Map.of());

        assertThatThrownBy(conf::kafkaConnections)
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("property freshet.kafka.connections.analytics.bootstrap-servers = \"\" is empty");
    }

    @Test
    void missingBrokersAreNamedWithWhereToGiveThem() {
        JobConfiguration conf = JobConfiguration.of(args(), Map.of());

        assertThatThrownBy(conf::kafka)
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("property spring.kafka.bootstrap-servers = \"\" is not set; give the brokers")
                .hasMessageContaining("--conf spring.kafka.bootstrap-servers=...");
    }

    @Test
    void clusterNodesMakeARedisClusterEndpoint() {
        JobConfiguration conf = JobConfiguration.of(args("--conf",
                "spring.data.redis.cluster.nodes=10.0.0.1:7000, 10.0.0.2:7001"), Map.of());

        assertThat(conf.redis().clusterNodes()).containsExactly(new RedisEndpoint.Node("10.0.0.1", 7000),
                new RedisEndpoint.Node("10.0.0.2", 7001));
    }

    @Test
    void aClusterNodeWithoutPortIsNamed() {
        JobConfiguration conf = JobConfiguration.of(args("--conf", "spring.data.redis.cluster.nodes=10.0.0.1"),
                Map.of());

        assertThatThrownBy(conf::redis)
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("property spring.data.redis.cluster.nodes = \"10.0.0.1\" is invalid: node"
                        + " \"10.0.0.1\" is not host:port");
    }

    @Test
    void theRedisPasswordComesFromSpringsEnvironmentVariable() {
        JobConfiguration conf = JobConfiguration.of(args(), Map.of("SPRING_DATA_REDIS_PASSWORD", "from-secret"));

        assertThat(conf.redis().password()).isEqualTo("from-secret");
    }
}
