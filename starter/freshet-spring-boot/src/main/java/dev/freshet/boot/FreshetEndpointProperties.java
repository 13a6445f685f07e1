package dev.freshet.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code freshet} Actuator endpoint, under {@code freshet.endpoint.*}.
 *
 * @param writeOperationsEnabled Whether the endpoint's write operations (POST: run a feature set's offline job, run a
 *                               consistency check) do what they are asked; when off they answer 403
 */
@ConfigurationProperties("freshet.endpoint")
public record FreshetEndpointProperties(@DefaultValue("false") boolean writeOperationsEnabled) {}
