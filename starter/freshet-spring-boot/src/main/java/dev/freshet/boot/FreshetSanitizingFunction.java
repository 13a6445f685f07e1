package dev.freshet.boot;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets among the properties Freshet reads wherever the Actuator shows properties ({@code /actuator/env},
 * {@code /actuator/configprops}), even with {@code show-values=always}: passwords, secrets, keys, tokens, credentials
 * and JAAS configurations under {@code spring.data.redis.*}, {@code spring.kafka.*}, {@code spring.ssl.bundle.*} and
 * {@code freshet.*} (including Spark settings in {@code freshet.spark.conf.*}), the password in a
 * {@code spring.data.redis.url}, and the JVM command line and {@code spring.application.json}, which can carry any of
 * them; and every property named as a secret that a feature set's {@code @KafkaSecurity} names (the Spring
 * {@code Environment} is where the secret resolver looks first: {@code kafka-password}, or the environment variable
 * {@code KAFKA_PASSWORD}). Other properties are left to the application's own sanitizing functions.
 */
final class FreshetSanitizingFunction implements SanitizingFunction {

    private static final List<String> SCOPES = List.of("spring.data.redis.", "spring.kafka.", "spring.ssl.bundle.",
            "freshet.");
    private static final List<String> WHOLE = List.of("sun.java.command", "spring.application.json");
    private static final List<String> SECRET_ENDINGS = List.of("password", "secret", "key", "token");
    private static final List<String> SECRET_PARTS = List.of("credentials", "jaas");
    private static final List<String> URI_ENDINGS = List.of("url", "urls", "uri", "uris");
    /** The user information of a URI: {@code //user:password@} or {@code //password@}. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*:)?[^/@]*@");

    private final Set<String> secretNames;

    /** A function masking also the properties named as the secrets {@code secretNames}. */
    FreshetSanitizingFunction(Collection<String> secretNames) {
        this.secretNames = secretNames.stream().map(FreshetSanitizingFunction::normalized)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The secret names the feature sets of {@code catalog} give in their sources' and sinks' security. */
    static Set<String> secretNames(FeatureSetCatalog catalog) {
        Set<String> names = new TreeSet<>();
        for (FeatureSetSpec spec : catalog.all()) {
            names.addAll(names(spec.source().security()));
            spec.sinks().forEach(sink -> names.addAll(names(sink.security())));
        }
        return names;
    }

    private static List<String> names(KafkaSecuritySpec security) {
        return java.util.stream.Stream.of(security.usernameSecret(), security.passwordSecret(),
                security.truststoreSecret(), security.truststorePasswordSecret(), security.keystoreSecret(),
                security.keystorePasswordSecret()).filter(n -> !n.isEmpty()).toList();
    }

    /** A key as environment variables and property sources both spell it: {@code KAFKA_PASSWORD}, kafka-password. */
    private static String normalized(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        // Environment variables spell keys SPRING_DATA_REDIS_PASSWORD; property sources spring.data.redis.password.
        String key = data.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
        if (WHOLE.contains(key) || secretNames.contains(normalized(key))) {
            return data.withSanitizedValue();
        }
        if (SCOPES.stream().noneMatch(key::startsWith)) {
            return data;
        }
        if (SECRET_ENDINGS.stream().anyMatch(key::endsWith) || SECRET_PARTS.stream().anyMatch(key::contains)) {
            return data.withSanitizedValue();
        }
        if (URI_ENDINGS.stream().anyMatch(key::endsWith)) {
            Matcher userInfo = USER_INFO.matcher(data.getValue().toString());
            if (userInfo.find()) {
                return data.withValue(userInfo.replaceAll(m -> Matcher.quoteReplacement("//"
                        + (m.group(1) == null ? "" : m.group(1)) + SanitizableData.SANITIZED_VALUE + "@")));
            }
        }
        return data;
    }
}
