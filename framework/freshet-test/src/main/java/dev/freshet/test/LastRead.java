package dev.freshet.test;

import java.util.List;

/**
 * The last read of the current thread's driver: which vector it asked for and the records sent to the feature set's
 * topics for that key, so that {@link FreshetAssertions} can show them when an assertion on the read fails.
 *
 * @param featureSet the feature set read
 * @param key        the key's values
 * @param events     the records sent that may have fed the key ({@link FeatureSetTestDriver#sentFor})
 */
record LastRead(String featureSet, List<Object> key, List<SentRecord> events) {

    private static final ThreadLocal<LastRead> CURRENT = new ThreadLocal<>();

    static void remember(LastRead read) {
        CURRENT.set(read);
    }

    /** The last read of this thread, or null. */
    static LastRead current() {
        return CURRENT.get();
    }
}
