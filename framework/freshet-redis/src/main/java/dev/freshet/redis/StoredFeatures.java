package dev.freshet.redis;

import java.time.Instant;

/**
 * What the online store held for one key when {@link RedisOnlineFeatureClient#readAll} read it: it answers as of any
 * instant, as {@link RedisOnlineFeatureClient#readAllAsOf} would have at the moment of that read.
 */
@FunctionalInterface
public interface StoredFeatures {

    /** What the store answered for the key as of {@code time}, from the read. */
    OnlineRead asOf(Instant time);
}
