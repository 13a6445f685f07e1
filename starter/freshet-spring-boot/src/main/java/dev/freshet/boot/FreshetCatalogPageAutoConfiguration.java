package dev.freshet.boot;

import dev.freshet.spark.FreshetEngine;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The read-only catalog page ({@link FreshetCatalogPage}) of a servlet web application, only with
 * {@code freshet.catalog-page.enabled=true}: at {@code freshet.catalog-page.path} (default {@code /freshet}), every
 * feature set with its features and job status, searchable.
 */
@AutoConfiguration(after = FreshetAutoConfiguration.class)
@ConditionalOnClass({RouterFunction.class, FreshetEngine.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "freshet.catalog-page.enabled")
@EnableConfigurationProperties(FreshetCatalogPageProperties.class)
public class FreshetCatalogPageAutoConfiguration {

    /** The page, its script and style, and its JSON. */
    @Bean
    @ConditionalOnMissingBean(name = "freshetCatalogPage")
    @ConditionalOnBean(FreshetEngine.class)
    public RouterFunction<ServerResponse> freshetCatalogPage(FreshetEngine engine,
            ObjectProvider<OfflineIngestionScheduler> scheduler, ObjectProvider<Clock> clock,
            ObjectProvider<FreshetEndpointProperties> endpoint, FreshetCatalogPageProperties properties) {
        FreshetEndpointProperties writes = endpoint.getIfAvailable(() -> new FreshetEndpointProperties(false));
        return FreshetCatalogPage.routes(properties.path(), new FeatureSetReports(engine, scheduler.getIfAvailable(),
                clock.getIfAvailable(Clock::systemUTC), writes.writeOperationsEnabled()));
    }
}
