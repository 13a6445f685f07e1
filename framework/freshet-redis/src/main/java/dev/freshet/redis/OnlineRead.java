package dev.freshet.redis;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.online.FeatureVector;
import java.time.Instant;

/**
 * What the online store answers for one key as of an instant, from {@link RedisOnlineFeatureClient#readAllAsOf}:
 *
 * <ul>
 *   <li>{@link Answered}: the feature vector, exactly as {@code getAsOf} returns it;
 *   <li>{@link Unanswerable}: the store holds the key, but what it holds can no longer answer that instant (an
 *       aggregated set's online job pruned tiles the read needs, or a row-level set holds values of a later event);
 *   <li>{@link Absent}: the store holds nothing for the key (never seen, or expired).
 * </ul>
 *
 * <pre>{@code
 * client.readAllAsOf("user-spending", keys, at).forEach((key, read) -> {
 *     if (read instanceof OnlineRead.Answered answered) {
 *         compare(key, answered.vector());
 *     } else if (read instanceof OnlineRead.Unanswerable unanswerable) {
 *         skip(key, "online store answers from " + unanswerable.earliestAnswerable());
 *     }
 * });
 * }</pre>
 */
public sealed interface OnlineRead permits OnlineRead.Answered, OnlineRead.Unanswerable, OnlineRead.Absent {

    /**
     * The features of the key as of the instant asked.
     *
     * @param vector the features
     */
    record Answered(FeatureVector vector) implements OnlineRead {
        /** Checks the vector is present. */
        public Answered {
            requireNonNull(vector, "vector");
        }
    }

    /**
     * The store holds the key, but not what a read at the instant asked needs.
     *
     * @param newestEventTime    the key's newest event time, as stored ({@code FeatureVector.eventTime()})
     * @param earliestAnswerable the earliest instant from which every read of the key is answered (for a row-level
     *                           set, the stored event time); the instant asked lies before it
     */
    record Unanswerable(Instant newestEventTime, Instant earliestAnswerable) implements OnlineRead {
        /** Checks both instants are present. */
        public Unanswerable {
            requireNonNull(newestEventTime, "newestEventTime");
            requireNonNull(earliestAnswerable, "earliestAnswerable");
        }
    }

    /** The store holds nothing for the key: never seen, or expired. */
    record Absent() implements OnlineRead {
    }
}
