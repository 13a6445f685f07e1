package dev.freshet.api;

/** The encoding of the messages a {@link KafkaSink} writes. */
public enum SinkFormat {
    /**
     * One JSON object per message: {@code featureset_name}, {@code featureset_id}, {@code timestamp}, {@code key} and
     * {@code features}, with typed values.
     */
    JSON
}
