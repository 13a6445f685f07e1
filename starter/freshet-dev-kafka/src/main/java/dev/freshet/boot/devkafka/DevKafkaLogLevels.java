package dev.freshet.boot.devkafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the development broker is on, lowers the log level of the broker's own loggers to ERROR, as defaults any
 * {@code logging.level.*} of the application overrides: a KRaft node logs hundreds of INFO lines at start and WARN
 * lines about its own bootstrap and shutdown, which would bury the application's. Kafka's clients log at WARN as
 * before, except {@code NetworkClient}, whose connection warnings only repeat, while the application stops, that the
 * broker inside it has stopped.
 */
public class DevKafkaLogLevels implements EnvironmentPostProcessor {

    /** Loggers of the broker and controller, not of the clients. */
    static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
            "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.server",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "org.apache.kafka.security", "org.apache.kafka.network", "org.apache.kafka.clients.NetworkClient");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("freshet.dev.embedded-kafka.enabled", Boolean.class, false)) {
            return;
        }
        Map<String, Object> levels = new LinkedHashMap<>();
        BROKER_LOGGERS.forEach(logger -> levels.put("logging.level." + logger, "ERROR"));
        // Last: the application's own logging.level settings win.
        environment.getPropertySources().addLast(new MapPropertySource("freshetDevKafkaLogLevels", levels));
    }
}
