package dev.freshet.core.secret;

import dev.freshet.core.error.FreshetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the name of a secret into its value, at run time, on the driver. Names are what feature sets declare
 * ({@code usernameSecret = "kafka-user"}); a resolver knows where values live. Resolvers combine with {@link #or}:
 * the first that knows a name answers.
 *
 * <pre>{@code
 * SecretResolver secrets = SecretResolver.environmentVariables(System.getenv())
 *         .or(SecretResolver.files(Path.of("/run/secrets")));
 * Secret password = secrets.require("kafka-password");
 * }</pre>
 */
@FunctionalInterface
public interface SecretResolver {

    /** Names of secrets: letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The secret called {@code name}, if this resolver knows it. */
    Optional<Secret> resolve(String name);

    /** What this resolver looks at, for the message of a secret it does not know: {@code environment variables}. */
    default String describe() {
        return "a resolver";
    }

    /**
     * The secret called {@code name}.
     *
     * @throws FreshetException naming the secret and where it was looked for (never a value), if none knows it
     * @throws IllegalArgumentException if {@code name} is no valid secret name
     */
    default Secret require(String name) {
        checkName(name);
        return resolve(name).orElseThrow(() -> new FreshetException(null, "secret \"" + name + "\" is not defined:"
                + " looked in " + describe() + ". Define it there (its value is never logged), or correct the name",
                null, false));
    }

    /** This resolver, then {@code next} for the names this one does not know. */
    default SecretResolver or(SecretResolver next) {
        SecretResolver first = this;
        return new SecretResolver() {
            @Override
            public Optional<Secret> resolve(String name) {
                return first.resolve(name).or(() -> next.resolve(name));
            }

            @Override
            public String describe() {
                return first.describe() + ", then " + next.describe();
            }
        };
    }

    /**
     * Secrets from a lookup of values by name (such as Spring's {@code Environment::getProperty}), described as
     * {@code where}.
     */
    static SecretResolver of(Function<String, String> lookup, String where) {
        return new SecretResolver() {
            @Override
            public Optional<Secret> resolve(String name) {
                return Optional.ofNullable(lookup.apply(name)).map(v -> new Secret(name, v));
            }

            @Override
            public String describe() {
                return where;
            }
        };
    }

    /**
     * Secrets from environment variables: {@code kafka-password} and {@code kafka.password} are read from
     * {@code KAFKA_PASSWORD} (upper case, every other character than a letter or digit an underscore).
     */
    static SecretResolver environmentVariables(Map<String, String> environment) {
        return new SecretResolver() {
            @Override
            public Optional<Secret> resolve(String name) {
                return Optional.ofNullable(environment.get(variable(name))).map(v -> new Secret(name, v));
            }

            @Override
            public String describe() {
                return "environment variables (kafka-password as KAFKA_PASSWORD)";
            }
        };
    }

    /**
     * Secrets from files, one per secret, named as the secret, in {@code directory} (as Docker and Kubernetes mount
     * them): the file's content in UTF-8, without a final line break.
     */
    static SecretResolver files(Path directory) {
        return new SecretResolver() {
            @Override
            public Optional<Secret> resolve(String name) {
                checkName(name);
                Path file = directory.resolve(name);
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try {
                    String value = Files.readString(file, StandardCharsets.UTF_8);
                    return Optional.of(new Secret(name, value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                            : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value));
                } catch (IOException e) {
                    // The path names the secret, never its value.
                    throw new UncheckedIOException("cannot read secret \"" + name + "\" from " + file, e);
                }
            }

            @Override
            public String describe() {
                return "files in " + directory;
            }
        };
    }

    /** The environment variable a secret name is read from: {@code kafka-password} becomes {@code KAFKA_PASSWORD}. */
    static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Checks {@code name} is a valid secret name (also so that a file resolver never leaves its directory). */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is no secret name: use letters, digits, '.', '_'"
                    + " and '-', starting with a letter or digit");
        }
    }
}
