package dev.freshet.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The size of cluster each of a feature set's jobs runs on, as the reference product's {@code online_cluster_template},
 * {@code offline_cluster_template} and {@code backfill_cluster_template}. Put it on the feature-set class; a feature set
 * without it runs every job on {@link ClusterTemplate#MEDIUM}.
 *
 * <pre>{@code
 * @StreamingFeatureSet(name = "user-spending", key = "user_id", source = "transaction_stream", ...)
 * @ClusterTemplates(online = ClusterTemplate.SMALL, offline = ClusterTemplate.LARGE)
 * public class UserSpending {}
 * }</pre>
 *
 * <p>A size is a constant of {@link ClusterTemplate}, so an unknown size does not compile. {@link #backfill()} may be
 * given only on a feature set with a {@link Backfill}. The sizes are for deployments to a cluster (spark-submit, the
 * Kubernetes Spark Operator); a local run logs them and applies none.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface ClusterTemplates {

    /** The size of the continuous online job, which keeps the online store fresh. */
    ClusterTemplate online() default ClusterTemplate.MEDIUM;

    /** The size of the scheduled offline job, which appends to the offline store. */
    ClusterTemplate offline() default ClusterTemplate.MEDIUM;

    /** The size of the one-off backfill job; only on a feature set with a {@link Backfill}. */
    ClusterTemplate backfill() default ClusterTemplate.MEDIUM;
}
