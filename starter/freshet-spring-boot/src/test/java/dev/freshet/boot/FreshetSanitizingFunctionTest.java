package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizableData;

class FreshetSanitizingFunctionTest {

    private final FreshetSanitizingFunction function = new FreshetSanitizingFunction(
            java.util.List.of("kafka-password", "risk.sink_user"));

    @ParameterizedTest
    @ValueSource(strings = {"kafka-password", "KAFKA_PASSWORD", "kafka.password", "risk.sink-user",
        "RISK_SINK_USER"})
    void masksThePropertiesNamedAsTheSecretsFeatureSetsName(String key) {
        assertThat(sanitized(key, "s3cr3t")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring.data.redis.password", "SPRING_DATA_REDIS_PASSWORD", "spring.kafka.ssl.key-password",
        "spring.kafka.properties.sasl.jaas.config", "spring.kafka.jaas.options.password",
        "spring.ssl.bundle.jks.redis.keystore.password", "spring.ssl.bundle.pem.redis.keystore.private-key",
        "freshet.spark.conf.spark.hadoop.fs.s3a.secret.key", "freshet.spark.conf.spark.ssl.keyPassword",
        "freshet.spark.conf.spark.authenticate.secret", "FRESHET_SPARK_CONF_SPARK_KAFKA_CLUSTERS_A_AUTH_TOKEN",
        "spring.kafka.properties.sasl.oauthbearer.client.credentials.client.secret", "sun.java.command",
        "spring.application.json"})
    void masksTheSecretsAmongFreshetsProperties(String key) {
        assertThat(sanitized(key, "pw-1234")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring.data.redis.host", "spring.data.redis.username", "freshet.redis.key-prefix",
        "spring.kafka.bootstrap-servers", "freshet.offline.root", "server.ssl.key-password", "my.own.password"})
    void leavesOtherPropertiesAsTheyAre(String key) {
        assertThat(sanitized(key, "value")).isEqualTo("value");
    }

    @Test
    void masksOnlyThePasswordOfARedisUrl() {
        assertThat(sanitized("spring.data.redis.url", "redis://app:pw-1234@redis.internal:6380/2"))
                .isEqualTo("redis://app:******@redis.internal:6380/2");
        assertThat(sanitized("SPRING_DATA_REDIS_URL", "rediss://:pw-1234@redis.internal:6380"))
                .isEqualTo("rediss://:******@redis.internal:6380");
        assertThat(sanitized("spring.data.redis.url", "redis://pw-1234@redis.internal"))
                .isEqualTo("redis://******@redis.internal");
        assertThat(sanitized("spring.data.redis.url", "redis://redis.internal:6380")).isEqualTo(
                "redis://redis.internal:6380");
    }

    private Object sanitized(String key, Object value) {
        return function.apply(new SanitizableData(null, key, value)).getValue();
    }
}
