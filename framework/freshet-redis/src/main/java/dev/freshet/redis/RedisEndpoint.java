package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisURI;
import java.io.Serializable;
import java.time.Duration;

/**
 * How to reach the Redis online store. Serializable, because writers on Spark executors connect with it (TLS settings
 * included, see {@link RedisTls}); {@link #toString()} and every message built from an endpoint show
 * {@link #address()}, never the password.
 *
 * @param host           host name or address
 * @param port           port
 * @param database       database index
 * @param username       ACL user name, or {@code null}
 * @param password       password, or {@code null}
 * @param ssl            whether to connect with TLS
 * @param commandTimeout how long to wait for a reply before failing
 * @param tls            the TLS settings when {@code ssl} is set; {@code null} for the JVM's defaults
 */
public record RedisEndpoint(String host, int port, int database, String username, String password, boolean ssl,
        Duration commandTimeout, RedisTls tls) implements Serializable {

    /** Checks the values. */
    public RedisEndpoint {
        requireNonNull(host, "host");
        requireNonNull(commandTimeout, "commandTimeout");
        tls = tls == null ? RedisTls.jvmDefaults() : tls;
        if (!ssl && !tls.isJvmDefaults()) {
            throw new IllegalArgumentException("Redis at " + host + ":" + port + " has TLS settings (" + tls
                    + ") but TLS is off: connect with ssl set, or drop the TLS settings");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port " + port + " is not between 1 and 65535");
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database index " + database + " is negative");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the Redis command timeout must be positive");
        }
    }

    /** An endpoint with the JVM's default TLS settings (if {@code ssl} is set). */
    public RedisEndpoint(String host, int port, int database, String username, String password, boolean ssl,
            Duration commandTimeout) {
        this(host, port, database, username, password, ssl, commandTimeout, RedisTls.jvmDefaults());
    }

    /** Redis at 127.0.0.1:6379, database 0, no authentication, a 10-second timeout. */
    public static RedisEndpoint localhost() {
        return new RedisEndpoint("127.0.0.1", 6379, 0, null, null, false, Duration.ofSeconds(10));
    }

    /** This endpoint with another command timeout. */
    public RedisEndpoint withCommandTimeout(Duration timeout) {
        return new RedisEndpoint(host, port, database, username, password, ssl, timeout, tls);
    }

    /** This endpoint, connecting with TLS and {@code settings}. */
    public RedisEndpoint withTls(RedisTls settings) {
        return new RedisEndpoint(host, port, database, username, password, true, commandTimeout, settings);
    }

    /**
     * The Lettuce URI of this endpoint: address, credentials, whether to use TLS. The TLS trust and client key are
     * client options ({@link RedisTls}), which Freshet's connections apply.
     */
    public RedisURI toRedisUri() {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withSsl(ssl).withTimeout(commandTimeout);
        if (password != null && !password.isEmpty()) {
            if (username != null && !username.isEmpty()) {
                b.withAuthentication(username, password.toCharArray());
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        return b.build();
    }

    /** {@code host:port/database}, for messages. */
    public String address() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + (ssl ? "rediss://" : "redis://") + (username != null ? username + "@" : "")
                + address() + (password != null ? ", password set" : "") + (ssl && !tls.isJvmDefaults() ? ", " + tls : "")
                + "]";
    }
}
