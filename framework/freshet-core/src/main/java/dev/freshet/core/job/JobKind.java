package dev.freshet.core.job;

import java.util.Locale;

/** The kinds of job a feature set has. Each is the same pipeline with other settings, stage and outputs. */
public enum JobKind {
    /** Continuous: keeps the online store fresh. */
    ONLINE,
    /** Scheduled, bounded: appends to the offline store from its own offsets. */
    OFFLINE,
    /** Once, bounded: the events before the backfill's end, from batch sources, into both stores (ADR 0017). */
    BACKFILL;

    /** The kind's name in metrics tags, query names, log lines and checkpoint paths: {@code online}, {@code offline},
     * {@code backfill}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
