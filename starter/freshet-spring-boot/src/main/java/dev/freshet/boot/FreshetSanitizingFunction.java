package dev.freshet.boot;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets among the properties Freshet reads wherever the Actuator shows properties ({@code /actuator/env},
 * {@code /actuator/configprops}), even with {@code show-values=always}: passwords, secrets, keys, tokens, credentials
 * and JAAS configurations under {@code spring.data.redis.*}, {@code spring.kafka.*}, {@code spring.ssl.bundle.*} and
 * {@code freshet.*} (including Spark settings in {@code freshet.spark.conf.*}), the password in a
 * {@code spring.data.redis.url}, and the JVM command line and {@code spring.application.json}, which can carry any of
 * them. Other properties are left to the application's own sanitizing functions.
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

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        // Environment variables spell keys SPRING_DATA_REDIS_PASSWORD; property sources spring.data.redis.password.
        String key = data.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
        if (WHOLE.contains(key)) {
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
