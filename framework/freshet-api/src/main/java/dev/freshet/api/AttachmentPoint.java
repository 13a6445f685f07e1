package dev.freshet.api;

/** Which job of a feature set writes a {@link KafkaSink}, beside the store that job writes. */
public enum AttachmentPoint {
    /** The online (streaming) job, with each micro-batch it writes to the online store. */
    ONLINE,
    /** The offline job, with each run it writes to the offline Delta table. */
    OFFLINE
}
