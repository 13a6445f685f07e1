package dev.freshet.api;

/**
 * A JSON encoding accepted for timestamp members of a source. Timestamps are instants in UTC; nothing is guessed: a
 * value in an encoding the source does not declare is a dead-lettered record.
 */
public enum TimestampEncoding {
    /** A string in ISO-8601 with an offset or {@code Z}, such as {@code "2026-01-01T12:00:00.250Z"}. */
    ISO_8601,
    /** An integral JSON number of milliseconds since 1970-01-01T00:00:00Z. */
    EPOCH_MILLIS
}
