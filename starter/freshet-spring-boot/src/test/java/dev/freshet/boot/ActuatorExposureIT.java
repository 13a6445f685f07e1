package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.testsupport.SharedSpark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * By default a web application with Freshet and the Actuator exposes only health over HTTP: Freshet widens nothing,
 * so {@code env}, {@code configprops} and any operation stay unreachable until the application exposes them.
 */
class ActuatorExposureIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onlyHealthIsExposedOverTheWebByDefault() throws Exception {
        SharedSpark.session();
        // See SecretsIT: the shared SparkSession has taken the JVM's URL stream handler factory.
        TomcatURLStreamHandlerFactory.disable();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DefaultApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean(FeatureSetCatalog.class,
                        () -> FeatureSetCatalog.of(List.of(aFeatureSet().build()))))
                .run("--spring.main.banner-mode=off", "--server.port=0", "--server.address=127.0.0.1",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:19092",
                        "--freshet.online.enabled=false", "--freshet.offline.enabled=false")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

            // Reachable (its status says whether the application is healthy: here Kafka is not there, so 503).
            assertThat(status(base + "/actuator/health")).isIn(200, 503);
            assertThat(status(base + "/actuator/env")).isEqualTo(404);
            assertThat(status(base + "/actuator/env/spring.data.redis.password")).isEqualTo(404);
            assertThat(status(base + "/actuator/configprops")).isEqualTo(404);
            assertThat(body(base + "/actuator")).as("the links the Actuator publishes")
                    .contains("\"health\"").doesNotContain("\"env\"", "\"configprops\"", "\"beans\"", "\"loggers\"");
            assertThat(links(body(base + "/actuator"))).containsExactlyInAnyOrder("self", "health", "health-path");
        }
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String body(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The link names of the Actuator's discovery page, {@code {"_links":{"self":{...},"health":{...}}}}. */
    private static List<String> links(String discovery) throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(discovery).get("_links");
        List<String> names = new java.util.ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An application with everything auto-configured and nothing exposed by its own settings. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class DefaultApplication {}
}
