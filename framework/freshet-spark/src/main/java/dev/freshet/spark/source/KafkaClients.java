package dev.freshet.spark.source;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.secret.SecretResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka connections of feature sets' sources and sinks, resolved on the driver when a job is planned: the
 * application's connection ({@code spring.kafka.*}), the brokers a source or sink names, or a connection configured
 * by name ({@code freshet.kafka.connections.<name>.*}); then the source's or sink's own {@code @KafkaSecurity}, its
 * secrets resolved by the {@link SecretResolver} into client properties ({@link KafkaSecurityProperties}). The
 * values travel to executors inside the connection, never into a log line ({@link KafkaConnection#toString()}).
 */
public final class KafkaClients {

    private final KafkaConnection application;
    private final Map<String, KafkaConnection> named;
    private final SecretResolver secrets;

    /**
     * Connections from {@code application}, the connections configured by name in {@code named}, and secrets from
     * {@code secrets}.
     */
    public KafkaClients(KafkaConnection application, Map<String, KafkaConnection> named, SecretResolver secrets) {
        this.application = requireNonNull(application, "application");
        this.named = new TreeMap<>(named);
        this.secrets = requireNonNull(secrets, "secrets");
    }

    /** Only the application's connection: no named connections, and secrets from environment variables. */
    public static KafkaClients of(KafkaConnection application) {
        return new KafkaClients(application, Map.of(), SecretResolver.environmentVariables(System.getenv()));
    }

    /** The application's connection: dead letters, and sources and sinks that name no other. */
    public KafkaConnection application() {
        return application;
    }

    /** The connection of {@code spec}'s Kafka source. */
    public KafkaConnection source(FeatureSetSpec spec) {
        return connection(spec.source().bootstrapServers(), spec.source().connection(), spec.source().security(),
                owner(spec));
    }

    /**
     * Whether {@code spec}'s source reads through the application's connection as it is: no servers, connection or
     * credentials of its own.
     */
    public static boolean usesApplicationConnection(FeatureSetSpec spec) {
        return spec.source().bootstrapServers().isEmpty() && spec.source().connection().isEmpty()
                && spec.source().security().equals(KafkaSecuritySpec.NONE);
    }

    /** How messages name a feature set's source: {@code source "transaction_stream" of feature set user-risk}. */
    public static String owner(FeatureSetSpec spec) {
        return "source \"" + spec.source().name() + "\" of feature set " + spec.name();
    }

    /** The connection of {@code spec}'s sink {@code sink}. */
    public KafkaConnection sink(FeatureSetSpec spec, KafkaSinkSpec sink) {
        return connection(sink.bootstrapServers(), sink.connection(), sink.security(),
                owner(spec, sink));
    }

    /** How messages name a sink: {@code sink "risk-updates" of feature set user-risk}. */
    public static String owner(FeatureSetSpec spec, KafkaSinkSpec sink) {
        return "sink \"" + sink.name() + "\" of feature set " + spec.name();
    }

    private KafkaConnection connection(String servers, String name, KafkaSecuritySpec security, String owner) {
        KafkaConnection base;
        if (!servers.isEmpty()) {
            base = KafkaConnection.of(servers);
        } else if (!name.isEmpty()) {
            base = named.get(name);
            if (base == null) {
                throw new FreshetException(null, owner + " uses Kafka connection \"" + name + "\", which is not"
                        + " configured" + DidYouMean.hint(name, named.keySet()) + ": set freshet.kafka.connections."
                        + name + ".bootstrap-servers" + (named.isEmpty() ? "" : " (configured: " + named.keySet()
                        + ")"), null, false);
            }
        } else {
            base = application;
        }
        if (security.equals(KafkaSecuritySpec.NONE)) {
            return base;
        }
        Map<String, String> properties = new LinkedHashMap<>(base.properties());
        properties.putAll(KafkaSecurityProperties.resolve(security, secrets, owner));
        return new KafkaConnection(base.bootstrapServers(), properties);
    }
}
