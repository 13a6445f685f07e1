package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An auxiliary Kafka sink of a {@link StreamingFeatureSet}: the feature vectors its job writes are also sent to a
 * Kafka topic, as one message per vector. Put it on the feature-set class, once per sink.
 *
 * <pre>{@code
 * @StreamingFeatureSet(name = "user-spending", key = "user_id", source = "transaction_stream", ...)
 * @KafkaSink(name = "spending-updates", topic = "user-spending-updates", attachment = AttachmentPoint.ONLINE)
 * public class UserSpending {}
 * }</pre>
 *
 * <p>The connection is the application's Kafka connection ({@code spring.kafka.*}) unless {@link #bootstrapServers()}
 * or {@link #connection()} names another; give at most one of them. Credentials are given by the names of secrets in
 * {@link #security()}, never by their values. The processor checks each sink at compile time: a name and a topic,
 * names unique within the feature set, a topic other than the feature set's own source topics, and a consistent
 * security.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
@Repeatable(KafkaSinks.class)
public @interface KafkaSink {

    /** The sink's name, unique within the feature set. */
    String name();

    /** The topic written. */
    String topic();

    /** The brokers, as Kafka's {@code bootstrap.servers}; empty for the application's or the named connection. */
    String bootstrapServers() default "";

    /** A connection named in the application's configuration; empty for the application's or explicit brokers. */
    String connection() default "";

    /** The encoding of the messages. */
    SinkFormat format() default SinkFormat.JSON;

    /** Which job writes the sink: the online job or the offline job. */
    AttachmentPoint attachment();

    /** How the connection is secured; the default neither encrypts nor authenticates. */
    KafkaSecurity security() default @KafkaSecurity;
}
