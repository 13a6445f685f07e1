/**
 * The online store on Redis: one hash per entity under a prefix per feature set, written by the jobs through the
 * pipelined, ordered {@link dev.freshet.redis.OnlineStoreWriter} and read by {@link
 * dev.freshet.redis.RedisOnlineFeatureClient}. Lettuce only: this module runs on Spark executors and in applications
 * alike, so it knows neither Spark nor Spring. See {@code docs/online-store.md} for the layout.
 */
package dev.freshet.redis;
