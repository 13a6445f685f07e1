package dev.freshet.core.store;

/**
 * What a write did.
 *
 * @param applied entities whose stored features were replaced
 * @param stale   writes skipped because Redis already held an event at the same or a later position
 */
public record WriteResult(long applied, long stale) {

    /** The sum of two results. */
    public WriteResult plus(WriteResult other) {
        return new WriteResult(applied + other.applied, stale + other.stale);
    }
}
