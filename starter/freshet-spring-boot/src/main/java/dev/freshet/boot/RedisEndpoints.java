package dev.freshet.boot;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisTls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * Turns Spring Boot's Redis connection details into the endpoint Freshet's writers and client use, as Spring Data
 * Redis reads them: host, port, database, username and password (from {@code spring.data.redis.*} or
 * {@code spring.data.redis.url}), TLS when {@code spring.data.redis.ssl.enabled} is set (with the SSL bundle
 * {@code spring.data.redis.ssl.bundle}, or the JVM's defaults) or the URL is {@code rediss://}, and
 * {@code spring.data.redis.timeout}. With {@code spring.data.redis.cluster.nodes} set, a Redis Cluster endpoint of
 * those nodes instead (and {@code spring.data.redis.cluster.max-redirects}), with the same credentials, TLS and
 * timeout; Sentinel and master/replica setups are refused.
 */
final class RedisEndpoints {

    /** Without {@code spring.data.redis.timeout}: how long Freshet waits for Redis to connect or reply. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private RedisEndpoints() {}

    /** The endpoint {@code details} and {@code properties} describe; 127.0.0.1:6379 without details. */
    static RedisEndpoint from(DataRedisConnectionDetails details, DataRedisProperties properties) {
        if (details == null) {
            return RedisEndpoint.localhost();
        }
        if (details.getSentinel() != null || details.getMasterReplica() != null) {
            throw FreshetErrors.invalidSetting(null, "spring.data.redis.sentinel/masterreplica", "set",
                    "is not supported by Freshet yet: point spring.data.redis.host/port at a standalone Redis,"
                            + " spring.data.redis.cluster.nodes at a Redis Cluster, or define a RedisEndpoint bean");
        }
        Duration timeout = properties != null && properties.getTimeout() != null ? properties.getTimeout()
                : DEFAULT_TIMEOUT;
        SslBundle bundle = details.getSslBundle();
        // As Spring Data Redis does: a rediss:// URL turns TLS on with the JVM's defaults, even without ssl.enabled.
        boolean ssl = bundle != null || (properties != null && properties.getUrl() != null
                && "rediss".equals(URI.create(properties.getUrl()).getScheme()));
        RedisTls tls = bundle == null ? RedisTls.jvmDefaults() : tls(bundle, properties);
        if (details.getCluster() != null) {
            return cluster(details.getCluster(), properties, details.getUsername(), details.getPassword(), ssl,
                    timeout, tls);
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        return new RedisEndpoint(standalone.getHost(), standalone.getPort(), standalone.getDatabase(),
                details.getUsername(), details.getPassword(), ssl, timeout, tls);
    }

    /** The Redis Cluster endpoint of {@code cluster}'s nodes; database 0, the only one a cluster has. */
    private static RedisEndpoint cluster(DataRedisConnectionDetails.Cluster cluster, DataRedisProperties properties,
            String username, String password, boolean ssl, Duration timeout, RedisTls tls) {
        List<RedisEndpoint.Node> nodes = cluster.getNodes().stream()
                .map(n -> new RedisEndpoint.Node(n.host(), n.port())).toList();
        if (nodes.isEmpty()) {
            throw FreshetErrors.invalidSetting(null, "spring.data.redis.cluster.nodes", "empty",
                    "names no node: list host:port of one or more nodes of the cluster");
        }
        RedisEndpoint endpoint = RedisEndpoint.cluster(nodes, username, password, ssl, timeout);
        if (ssl) {
            endpoint = endpoint.withTls(tls);
        }
        Integer maxRedirects = properties == null ? null : properties.getCluster() == null ? null
                : properties.getCluster().getMaxRedirects();
        // A negative value is refused by RedisEndpoint (and by Spring Data Redis first, when it is configured too).
        return maxRedirects == null ? endpoint : endpoint.withMaxRedirects(maxRedirects);
    }

    /**
     * What the executors need of {@code bundle}: its trust store's certificates, its key store's client key and chain
     * (the key's alias and password applied here, on the driver), its ciphers and protocols.
     */
    private static RedisTls tls(SslBundle bundle, DataRedisProperties properties) {
        String bundleName = properties != null && properties.getSsl().getBundle() != null
                ? properties.getSsl().getBundle() : "(the connection details' bundle)";
        try {
            SslStoreBundle stores = bundle.getStores();
            RedisTls tls = stores != null && stores.getTrustStore() != null
                    ? RedisTls.trusting(stores.getTrustStore()) : RedisTls.jvmDefaults();
            if (stores != null && stores.getKeyStore() != null) {
                SslBundleKey key = bundle.getKey();
                String password = key.getPassword() != null ? key.getPassword() : stores.getKeyStorePassword();
                tls = tls.withClientKey(stores.getKeyStore(), key.getAlias(),
                        password == null ? null : password.toCharArray());
            }
            SslOptions options = bundle.getOptions();
            if (options.getCiphers() != null) {
                tls = tls.withCiphers(List.of(options.getCiphers()));
            }
            if (options.getEnabledProtocols() != null) {
                tls = tls.withProtocols(List.of(options.getEnabledProtocols()));
            }
            return tls;
        } catch (IllegalArgumentException e) {
            throw new FreshetException(null, FreshetErrors.invalidSetting(null, "spring.data.redis.ssl.bundle",
                    bundleName, "cannot be used for Redis: " + e.getMessage()).getMessage(), e);
        }
    }
}
