package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.mock.env.MockEnvironment;

class FreshetLogLevelsTest {

    private final MockEnvironment environment = new MockEnvironment();

    @Test
    void quietsTheLibrariesInTheLastPropertySource() {
        new FreshetLogLevels().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.org.apache.spark")).isEqualTo("WARN");
        assertThat(environment.getProperty("logging.level.org.apache.spark.scheduler.DAGScheduler")).isEqualTo("ERROR");
        assertThat(environment.getPropertySources().stream().map(PropertySource::getName).toList())
                .last().isEqualTo("freshetLogLevels");
    }

    @Test
    void theApplicationsOwnLevelWins() {
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("logging.level.org.apache.spark", "INFO")));

        new FreshetLogLevels().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.org.apache.spark")).isEqualTo("INFO");
        assertThat(environment.getProperty("logging.level.io.delta")).isEqualTo("WARN");
    }

    @Test
    void leavesLoggingAloneWhenFreshetIsOff() {
        environment.setProperty("freshet.enabled", "false");

        new FreshetLogLevels().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains("freshetLogLevels")).isFalse();
        assertThat(environment.getProperty("logging.level.org.apache.spark")).isNull();
    }
}
