package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Log levels for loggers of libraries a Freshet application runs, given as {@code logging.level.<logger>} properties
 * in the environment's last property source, so that any {@code logging.level.*} setting of the application wins.
 * Each Freshet module that quiets a library extends it with the loggers, their levels and when they apply, and lists
 * its subclass under {@code org.springframework.boot.EnvironmentPostProcessor} in {@code META-INF/spring.factories}:
 *
 * <pre>{@code
 * public class FreshetLogLevels extends LogLevelDefaults {
 *     public FreshetLogLevels() {
 *         super("freshetLogLevels", Map.of("org.apache.spark", "WARN"));
 *     }
 *
 *     protected boolean appliesTo(ConfigurableEnvironment environment) {
 *         return environment.getProperty("freshet.enabled", Boolean.class, true);
 *     }
 * }
 * }</pre>
 */
public abstract class LogLevelDefaults implements EnvironmentPostProcessor {

    private final String sourceName;
    private final Map<String, String> levels;

    /**
     * Levels {@code levels} (logger → level, such as {@code "org.apache.spark" → "WARN"}) in a property source named
     * {@code sourceName}, which names them in Boot's {@code /actuator/env}.
     */
    protected LogLevelDefaults(String sourceName, Map<String, String> levels) {
        this.sourceName = requireNonNull(sourceName, "sourceName");
        this.levels = Map.copyOf(levels);
    }

    /** Whether the levels apply to the application of {@code environment}. */
    protected abstract boolean appliesTo(ConfigurableEnvironment environment);

    @Override
    public final void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!appliesTo(environment)) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        levels.forEach((logger, level) -> properties.put("logging.level." + logger, level));
        // Last: the application's own logging.level settings win.
        environment.getPropertySources().addLast(new MapPropertySource(sourceName, properties));
    }
}
