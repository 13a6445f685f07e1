package dev.freshet.boot;

import dev.freshet.spark.FreshetEngine;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code freshetdeadletters} Actuator endpoint ({@link FreshetDeadLettersEndpoint}), when Spring Boot's Actuator is
 * on the class path and the application exposes the endpoint
 * ({@code management.endpoints.web.exposure.include=health,freshetdeadletters}); Actuator exposes only {@code health}
 * by default.
 */
@AutoConfiguration(after = FreshetAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, FreshetEngine.class})
public class FreshetDeadLettersEndpointAutoConfiguration {

    /** The endpoint over the application's engine. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FreshetEngine.class)
    @ConditionalOnAvailableEndpoint
    public FreshetDeadLettersEndpoint freshetDeadLettersEndpoint(FreshetEngine engine) {
        return new FreshetDeadLettersEndpoint(engine);
    }
}
