package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One batch source a {@link Backfill} reads, and the part of the backfill's range read from it: events from
 * {@link #start()} (inclusive) to {@link #end()} (exclusive), both inside the backfill's range.
 *
 * <pre>{@code
 * sources = {
 *     @BackfillSource(name = "archive", end = "2026-06-01T00:00:00Z"),
 *     @BackfillSource(name = "recent", start = "2026-06-01T00:00:00Z")}
 * }</pre>
 */
@Documented
@Target({})
@Retention(RetentionPolicy.CLASS)
public @interface BackfillSource {

    /** The {@link BatchSource#name()} of a batch source declared in the same module. */
    String name();

    /** The first event time read from the source, an ISO-8601 instant; empty for the backfill's start. */
    String start() default "";

    /** The event time up to which the source is read, exclusive, an ISO-8601 instant; empty for the backfill's end. */
    String end() default "";
}
