package dev.freshet.api;

/** Where a job without saved offsets starts reading a source. */
public enum StartingOffsets {
    /** From the oldest retained record: nothing already in the topic is skipped. The default. */
    EARLIEST,
    /** Only records produced after the job first starts; earlier records are never read. */
    LATEST
}
