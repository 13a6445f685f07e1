package dev.freshet.boot;

import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.consistency.ConsistencyChecker;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code freshet} Actuator endpoint ({@link FreshetEndpoint}), when Spring Boot's Actuator is on the class path and
 * the application exposes the endpoint ({@code management.endpoints.web.exposure.include=health,freshet}); its write
 * operations do something only with {@code freshet.endpoint.write-operations-enabled=true}.
 */
@AutoConfiguration(after = FreshetAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, FreshetEngine.class})
@EnableConfigurationProperties(FreshetEndpointProperties.class)
public class FreshetEndpointAutoConfiguration {

    /** The endpoint over the application's engine, offline scheduler and consistency checker. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FreshetEngine.class)
    @ConditionalOnAvailableEndpoint
    public FreshetEndpoint freshetEndpoint(FreshetEngine engine, ObjectProvider<OfflineIngestionScheduler> scheduler,
            ObjectProvider<ConsistencyChecker> consistency, ObjectProvider<Clock> clock,
            FreshetEndpointProperties properties) {
        return new FreshetEndpoint(engine, scheduler.getIfAvailable(), consistency.getIfAvailable(),
                clock.getIfAvailable(Clock::systemUTC), properties);
    }
}
