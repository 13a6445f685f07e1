package dev.freshet.boot.devkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

class DevKafkaLogLevelsTest {

    private final MockEnvironment environment = new MockEnvironment();

    @Test
    void leavesTheBrokersLoggersAloneUnlessTheDevelopmentBrokerIsOn() {
        new DevKafkaLogLevels().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains("freshetDevKafkaLogLevels")).isFalse();
        assertThat(environment.getProperty("logging.level.kafka")).isNull();
    }

    @Test
    void quietsTheBrokerButNotTheClientsWhileTheApplicationsOwnLevelWins() {
        environment.setProperty("freshet.dev.embedded-kafka.enabled", "true");
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("logging.level.org.apache.kafka.raft", "DEBUG")));

        new DevKafkaLogLevels().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.kafka")).isEqualTo("ERROR");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.clients.NetworkClient")).isEqualTo("ERROR");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.clients")).isNull();
        assertThat(environment.getProperty("logging.level.org.apache.kafka.raft")).isEqualTo("DEBUG");
    }
}
