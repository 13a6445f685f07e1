package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a Kafka stream source. Put it on a record: the record's components are the source schema, one column per
 * component, named as the component (use {@link SourceField} when the JSON member is spelled differently).
 *
 * <pre>{@code
 * @KafkaSource(name = "transaction_stream", topics = "transactions")
 * public record Transaction(String user_id, double amount, boolean is_remote, Instant timestamp) {}
 * }</pre>
 *
 * <p>Supported component types: {@code String}, {@code boolean}, {@code int}, {@code long}, {@code float},
 * {@code double} (or their boxes), {@link java.time.Instant} (a timestamp, read in the encodings given by
 * {@link #timestampEncodings()}) and {@link java.time.LocalDate} (an ISO-8601 date). Every column is nullable: a JSON
 * {@code null} or a missing member is a null value; a member of the wrong JSON type is a dead-lettered record, never
 * a silent null. The connection is the application's Kafka connection unless {@link #bootstrapServers()} or
 * {@link #connection()} names another, secured as {@link #security()} says; the processor checks these as it checks a
 * {@link KafkaSink}'s.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface KafkaSource {

    /** Name under which feature sets refer to this source, and under which its SQL view is registered. */
    String name();

    /** Topics to read; one is usual, several are read as one stream. */
    String[] topics();

    /** Encoding of the record values. */
    SourceFormat format() default SourceFormat.JSON;

    /**
     * Where a new job starts reading when it has no saved offsets. The default reads everything retained; reading
     * only new records must be asked for explicitly.
     */
    StartingOffsets startingOffsets() default StartingOffsets.EARLIEST;

    /**
     * How timestamp members are encoded in the JSON. A number is read as epoch milliseconds only if
     * {@link TimestampEncoding#EPOCH_MILLIS} is listed; a string only if {@link TimestampEncoding#ISO_8601} is.
     */
    TimestampEncoding[] timestampEncodings() default {TimestampEncoding.ISO_8601};

    /**
     * The brokers to read from, as Kafka's {@code bootstrap.servers}; empty (the default) for the application's
     * connection ({@code spring.kafka.*}) or the one {@link #connection()} names. Give at most one of the two.
     */
    String bootstrapServers() default "";

    /** A connection named in the application's configuration ({@code freshet.kafka.connections.<name>.*}). */
    String connection() default "";

    /**
     * How the source's connection is secured, with credentials given by the names of secrets resolved at run time;
     * the default adds nothing to the connection's own settings.
     */
    KafkaSecurity security() default @KafkaSecurity;
}
