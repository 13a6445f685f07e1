package dev.freshet.boot;

import dev.freshet.core.catalog.FeatureSetCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The application of the tests that look for secrets in a run's output ({@link SecretsIT}, {@link KafkaSecretsIT}):
 * everything auto-configured, with the catalog and clock the test registers, its output captured from its start, and
 * the Actuator's {@code env}, {@code configprops} and {@code health} endpoints exposed on a free loopback port, showing
 * values and details — the most an operator could show.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class SecretsApplication {

    private static final List<String> ACTUATOR_SHOWING_VALUES = List.of("--spring.main.banner-mode=off",
            "--server.port=0", "--server.address=127.0.0.1",
            "--management.endpoints.web.exposure.include=env,configprops,health",
            "--management.endpoint.env.show-values=always",
            "--management.endpoint.configprops.show-values=always",
            "--management.endpoint.health.show-details=always");

    /**
     * Runs the application with {@code catalog} and {@code clock} as beans and {@code arguments} (command-line
     * arguments, such as {@code --spring.data.redis.port=6390}) after the Actuator's, with {@code output} capturing
     * everything it logs.
     */
    static ConfigurableApplicationContext run(RunOutput output, FeatureSetCatalog catalog, Clock clock,
            List<String> arguments) {
        List<String> all = new ArrayList<>(ACTUATOR_SHOWING_VALUES);
        all.addAll(arguments);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SecretsApplication.class)
                .listeners(output.reattachment())
                .initializers(context -> {
                    GenericApplicationContext generic = (GenericApplicationContext) context;
                    generic.registerBean(FeatureSetCatalog.class, () -> catalog);
                    generic.registerBean(Clock.class, () -> clock);
                })
                .run(all.toArray(String[]::new));
        output.attachToLogging();
        return app;
    }

    /** {@code http://127.0.0.1:<port>} of the running {@code app}. */
    static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }
}
