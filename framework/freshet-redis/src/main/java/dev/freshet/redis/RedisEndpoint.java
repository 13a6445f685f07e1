package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisURI;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How to reach the Redis online store. Serializable, because writers on Spark executors connect with it (TLS settings
 * included, see {@link RedisTls}); {@link #toString()} and every message built from an endpoint show
 * {@link #address()}, never the password.
 *
 * <p>A standalone Redis is one host and port; a Redis Cluster is the {@link #cluster cluster} of the nodes Freshet
 * starts from (seed nodes: it reads the rest of the topology from them), and then every writer, the online client and
 * the run coordinator connect with Lettuce's cluster client, which sends each command to the node owning its key's
 * hash slot. A cluster endpoint's {@code host} and {@code port} are those of its first node, and its database is 0
 * (Redis Cluster has no other).
 *
 * <pre>{@code
 * RedisEndpoint cluster = RedisEndpoint.cluster(List.of(new RedisEndpoint.Node("10.0.0.1", 6379),
 *         new RedisEndpoint.Node("10.0.0.2", 6379)), "app", password, false, Duration.ofSeconds(10));
 * }</pre>
 *
 * @param host           host name or address (of the first node, for a cluster)
 * @param port           port (of the first node, for a cluster)
 * @param database       database index; 0 for a cluster
 * @param username       ACL user name, or {@code null}
 * @param password       password, or {@code null}
 * @param ssl            whether to connect with TLS
 * @param commandTimeout how long to wait for a reply before failing
 * @param tls            the TLS settings when {@code ssl} is set; {@code null} for the JVM's defaults
 * @param clusterNodes   the seed nodes of a Redis Cluster; empty for a standalone Redis
 * @param maxRedirects   how many {@code MOVED} or {@code ASK} redirections a cluster command follows before failing
 *                       (ignored for a standalone Redis)
 */
public record RedisEndpoint(String host, int port, int database, String username, String password, boolean ssl,
        Duration commandTimeout, RedisTls tls, List<Node> clusterNodes, int maxRedirects) implements Serializable {

    /** Lettuce's default: how many redirections a cluster command follows unless configured otherwise. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    /** Checks the values. */
    public RedisEndpoint {
        requireNonNull(host, "host");
        // An ArrayList, not List.copyOf: it travels to executors, and Kryo cannot rebuild JDK immutable lists.
        clusterNodes = clusterNodes == null ? new ArrayList<>() : new ArrayList<>(clusterNodes);
        if (!clusterNodes.isEmpty()) {
            Node first = clusterNodes.get(0);
            if (!first.host().equals(host) || first.port() != port) {
                throw new IllegalArgumentException("a Redis Cluster endpoint's host and port are its first node's ("
                        + first + "), not " + host + ":" + port + ": build it with RedisEndpoint.cluster(...)");
            }
            if (database != 0) {
                throw new IllegalArgumentException("Redis Cluster has only database 0, not " + database
                        + ": drop spring.data.redis.database (or set it to 0)");
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("Redis Cluster max redirects " + maxRedirects
                        + " is negative: set spring.data.redis.cluster.max-redirects to 0 or more");
            }
        }
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

    /** A standalone Redis endpoint. */
    public RedisEndpoint(String host, int port, int database, String username, String password, boolean ssl,
            Duration commandTimeout, RedisTls tls) {
        this(host, port, database, username, password, ssl, commandTimeout, tls, List.of(), DEFAULT_MAX_REDIRECTS);
    }

    /** A standalone Redis endpoint with the JVM's default TLS settings (if {@code ssl} is set). */
    public RedisEndpoint(String host, int port, int database, String username, String password, boolean ssl,
            Duration commandTimeout) {
        this(host, port, database, username, password, ssl, commandTimeout, RedisTls.jvmDefaults());
    }

    /**
     * A Redis Cluster endpoint, starting from {@code nodes} (any of them answers with the whole topology), with the
     * JVM's default TLS settings (if {@code ssl} is set) and {@value #DEFAULT_MAX_REDIRECTS} redirections at most.
     *
     * @throws IllegalArgumentException if {@code nodes} is empty
     */
    public static RedisEndpoint cluster(List<Node> nodes, String username, String password, boolean ssl,
            Duration commandTimeout) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster endpoint needs at least one node:"
                    + " set spring.data.redis.cluster.nodes to host:port,host:port,...");
        }
        Node first = nodes.get(0);
        return new RedisEndpoint(first.host(), first.port(), 0, username, password, ssl, commandTimeout,
                RedisTls.jvmDefaults(), nodes, DEFAULT_MAX_REDIRECTS);
    }

    /** Redis at 127.0.0.1:6379, database 0, no authentication, a 10-second timeout. */
    public static RedisEndpoint localhost() {
        return new RedisEndpoint("127.0.0.1", 6379, 0, null, null, false, Duration.ofSeconds(10));
    }

    /** This endpoint with another command timeout. */
    public RedisEndpoint withCommandTimeout(Duration timeout) {
        return new RedisEndpoint(host, port, database, username, password, ssl, timeout, tls, clusterNodes,
                maxRedirects);
    }

    /** This endpoint, connecting with TLS and {@code settings}. */
    public RedisEndpoint withTls(RedisTls settings) {
        return new RedisEndpoint(host, port, database, username, password, true, commandTimeout, settings,
                clusterNodes, maxRedirects);
    }

    /** This cluster endpoint, following at most {@code redirects} redirections per command. */
    public RedisEndpoint withMaxRedirects(int redirects) {
        if (!isCluster()) {
            throw new IllegalStateException("max redirects apply to a Redis Cluster; " + this + " is standalone");
        }
        return new RedisEndpoint(host, port, database, username, password, ssl, commandTimeout, tls, clusterNodes,
                redirects);
    }

    /** The seed nodes of the cluster; empty for a standalone Redis. */
    @Override
    public List<Node> clusterNodes() {
        return Collections.unmodifiableList(clusterNodes);
    }

    /** Whether this endpoint is a Redis Cluster (it names cluster nodes). */
    public boolean isCluster() {
        return !clusterNodes.isEmpty();
    }

    /**
     * The Lettuce URI of this endpoint (of its first node, for a cluster): address, credentials, whether to use TLS.
     * The TLS trust and client key are client options ({@link RedisTls}), which Freshet's connections apply.
     */
    public RedisURI toRedisUri() {
        return uri(host, port);
    }

    /** The Lettuce URIs of every node this endpoint names: the one of {@link #toRedisUri()} for a standalone Redis. */
    public List<RedisURI> toRedisUris() {
        return isCluster() ? clusterNodes.stream().map(n -> uri(n.host(), n.port())).toList() : List.of(toRedisUri());
    }

    private RedisURI uri(String nodeHost, int nodePort) {
        RedisURI.Builder b = RedisURI.builder().withHost(nodeHost).withPort(nodePort).withDatabase(database)
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

    /** {@code host:port/database}, or {@code host:port,host:port (cluster)} for a cluster, for messages. */
    public String address() {
        return isCluster() ? clusterNodes.stream().map(Node::toString).collect(Collectors.joining(",")) + " (cluster)"
                : host + ":" + port + "/" + database;
    }

    /** The settings that say where Freshet looks for this Redis, for messages that ask to check them. */
    String whereConfigured() {
        return isCluster() ? "spring.data.redis.cluster.nodes" : "spring.data.redis.host/port";
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + (ssl ? "rediss://" : "redis://") + (username != null ? username + "@" : "")
                + address() + (password != null ? ", password set" : "") + (ssl && !tls.isJvmDefaults() ? ", " + tls : "")
                + "]";
    }

    /**
     * One node of a Redis Cluster.
     *
     * @param host host name or address
     * @param port port
     */
    public record Node(String host, int port) implements Serializable {

        /** Checks the values. */
        public Node {
            requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("a Redis Cluster node needs a host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Redis Cluster node port " + port + " is not between 1 and 65535");
            }
        }

        /** {@code host:port}. */
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
