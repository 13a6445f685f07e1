package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a public static method callable from the SQL of every feature set in the same compilation (module), under
 * the SQL name given here.
 *
 * <pre>{@code
 * public final class Pages {
 *     @SqlFunction("normalize_page")
 *     public static String normalizePage(String page) {
 *         return page == null ? null : page.strip().toLowerCase(Locale.ROOT);
 *     }
 * }
 *
 * @StreamingFeatureSet(name = "page-views", key = "user_id", source = "page_views", timestamp = "timestamp",
 *     sql = "SELECT user_id, normalize_page(page) AS page, timestamp FROM page_views")
 * public class PageViews {}
 * }</pre>
 *
 * <p>Freshet's annotation processor checks the method (public, static, not generic, no checked exceptions, parameter
 * and return types it can map to Spark SQL types: primitives and their boxes, {@code String},
 * {@code java.math.BigDecimal}, {@code java.time.Instant}, {@code java.time.LocalDate} and {@code byte[]}) and the
 * name (not a Spark built-in, unique in the compilation), registers the function in its compile-time analysis of the
 * SQL with these types, and generates the code that calls it without reflection. The engine registers the functions a
 * feature set's SQL calls before its jobs start.
 *
 * <p>A {@code null} argument for a primitive parameter is not passed: the result is {@code null} without calling the
 * method. A method that throws on a record dead-letters that record ({@code TRANSFORM_ERROR}); the job goes on.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.CLASS)
public @interface SqlFunction {

    /**
     * The function's SQL name: lower-case letters, digits and underscores, starting with a letter, such as
     * {@code normalize_page}; not the name of a Spark built-in function.
     */
    String value();
}
