package dev.freshet.boot.devkafka;

import dev.freshet.boot.LogLevelDefaults;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * When the development broker is on, lowers the log level of the broker's own loggers to ERROR, as defaults any
 * {@code logging.level.*} of the application overrides: a KRaft node logs hundreds of INFO lines at start and WARN
 * lines about its own bootstrap and shutdown, which would bury the application's. Kafka's clients log at WARN as
 * before, except {@code NetworkClient}, whose connection warnings only repeat, while the application stops, that the
 * broker inside it has stopped.
 */
public class DevKafkaLogLevels extends LogLevelDefaults {

    /** Loggers of the broker and controller, not of the clients. */
    static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
            "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.server",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "org.apache.kafka.security", "org.apache.kafka.network", "org.apache.kafka.clients.NetworkClient");

    /** ERROR for each of the broker's loggers, as an application's defaults. */
    public DevKafkaLogLevels() {
        super("freshetDevKafkaLogLevels", BROKER_LOGGERS.stream()
                .collect(Collectors.toMap(Function.identity(), logger -> "ERROR")));
    }

    @Override
    protected boolean appliesTo(ConfigurableEnvironment environment) {
        return environment.getProperty("freshet.dev.embedded-kafka.enabled", Boolean.class, false);
    }
}
