package dev.freshet.api;

/** Encoding of a source's record values. */
public enum SourceFormat {
    /** One JSON object per Kafka record value, UTF-8. */
    JSON
}
