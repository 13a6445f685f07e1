package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ClusterTemplate;
import java.io.Serializable;

/**
 * What {@link dev.freshet.api.ClusterTemplates} says about a feature set: the size of cluster each of its jobs runs
 * on; {@link #DEFAULT} (every job {@link ClusterTemplate#MEDIUM}) for a feature set that says nothing.
 *
 * @param online   size of the continuous online job
 * @param offline  size of the scheduled offline job
 * @param backfill size of the backfill job; {@link ClusterTemplate#MEDIUM} for a feature set without a backfill
 */
public record ClusterTemplatesSpec(ClusterTemplate online, ClusterTemplate offline, ClusterTemplate backfill)
        implements Serializable {

    /** Every job on {@link ClusterTemplate#MEDIUM}: a feature set without {@code @ClusterTemplates}. */
    public static final ClusterTemplatesSpec DEFAULT = new ClusterTemplatesSpec(ClusterTemplate.MEDIUM,
            ClusterTemplate.MEDIUM, ClusterTemplate.MEDIUM);

    /** Checks that every size is given. */
    public ClusterTemplatesSpec {
        requireNonNull(online, "online");
        requireNonNull(offline, "offline");
        requireNonNull(backfill, "backfill");
    }
}
