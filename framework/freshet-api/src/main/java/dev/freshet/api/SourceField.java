package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the JSON member a source record component is read from, when it is not spelled like the component (for
 * instance a member called {@code user-id}, which is no Java name). The column keeps the component's name.
 *
 * <pre>{@code
 * @KafkaSource(name = "logins", topics = "logins")
 * public record Login(@SourceField(json = "user-id") String user_id, boolean success, Instant timestamp) {}
 * }</pre>
 */
@Documented
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.CLASS)
public @interface SourceField {

    /** The JSON member name. */
    String json();
}
