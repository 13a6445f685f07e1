package dev.freshet.redis;

import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.WriteResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipelined online writer against the real Redis at 127.0.0.1:6379. */
class OnlineStoreWriterIT {

    private static final FeatureSetSpec SPEC = Specs.rowLevel("user-transactions");

    private final TestRedis redis = new TestRedis();
    private final OnlineStoreWriter writer = OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout,
            SPEC.name(), SPEC.featureColumns(), Duration.ZERO);

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    /** A write of features (amount, is_remote, category). */
    private static EntityWrite write(String user, long time, int partition, long offset, Double amount,
            Boolean remote, String category) {
        return new EntityWrite(List.of(user), time, partition, offset, new Object[] {amount, remote, category});
    }

    @Test
    void writesTypedValuesAndTheSourcePosition() {
        WriteResult result = writer.write(List.of(write("u1", 1000, 0, 7, 12.5, true, "grocery")).iterator());

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        assertThat(redis.hash(SPEC.name(), "u1")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "__o", "7", "__p", "0", "__ts", "1000",
                "amount", "d:12.5", "category", "s:grocery", "is_remote", "b:true")));
    }

    @Test
    void anOlderEventNeverOverwritesANewerOne() {
        writer.write(List.of(write("u1", 2000, 0, 5, 20.0, false, "travel")).iterator());
        WriteResult result = writer.write(List.of(write("u1", 1000, 0, 9, 10.0, true, "grocery")).iterator());

        assertThat(result).isEqualTo(new WriteResult(0, 1));
        assertThat(redis.hash(SPEC.name(), "u1")).containsEntry("amount", "d:20.0").containsEntry("__ts", "2000");
    }

    @Test
    void equalEventTimesAreOrderedByPartitionThenOffset() {
        writer.write(List.of(write("u1", 1000, 1, 3, 1.0, false, "a")).iterator());
        assertThat(writer.write(List.of(write("u1", 1000, 0, 99, 2.0, false, "b")).iterator()).stale()).isEqualTo(1);
        assertThat(writer.write(List.of(write("u1", 1000, 1, 4, 3.0, false, "c")).iterator()).applied()).isEqualTo(1);
        assertThat(redis.hash(SPEC.name(), "u1")).containsEntry("category", "s:c").containsEntry("__o", "4");
    }

    @Test
    void aReplayedEventIsANoOp() {
        List<EntityWrite> batch = List.of(write("u1", 1000, 0, 1, 1.0, true, "a"),
                write("u2", 1001, 0, 2, 2.0, false, "b"));
        writer.write(batch.iterator());
        Map<String, String> before = redis.hash(SPEC.name(), "u1");

        WriteResult replay = writer.write(batch.iterator());

        assertThat(replay).isEqualTo(new WriteResult(0, 2));
        assertThat(redis.hash(SPEC.name(), "u1")).isEqualTo(before);
    }

    @Test
    void nullFeaturesAreDeletedSoTheyReadAsNull() {
        writer.write(List.of(write("u1", 1000, 0, 1, 12.5, true, "grocery")).iterator());
        writer.write(List.of(write("u1", 2000, 0, 2, null, false, null)).iterator());

        assertThat(redis.hash(SPEC.name(), "u1")).containsOnlyKeys("__o", "__p", "__ts", "is_remote")
                .containsEntry("is_remote", "b:false");
    }

    @Test
    void shuffledInputAndReplaysConvergeToTheNewestEventOfEachKey() {
        Random random = new Random(7);
        List<EntityWrite> events = new ArrayList<>();
        Map<String, EntityWrite> newest = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            String user = "u" + random.nextInt(50);
            EntityWrite w = write(user, random.nextInt(100), random.nextInt(2), i, (double) i, i % 2 == 0,
                    "c" + i);
            events.add(w);
            newest.merge(user, w, (a, b) -> b.isNewerThan(a) ? b : a);
        }
        Collections.shuffle(events, random);
        writer.write(events.iterator());
        Collections.shuffle(events, random);
        WriteResult replay = writer.write(events.iterator());

        assertThat(replay.applied()).isZero();
        for (Map.Entry<String, EntityWrite> e : newest.entrySet()) {
            EntityWrite w = e.getValue();
            assertThat(redis.hash(SPEC.name(), e.getKey()))
                    .containsEntry("__ts", Long.toString(w.eventTime()))
                    .containsEntry("__o", Long.toString(w.offset()))
                    .containsEntry("category", "s:" + w.featureValues()[2]);
        }
    }

    @Test
    void theTtlIsSetAndRefreshedOnAppliedWrites() {
        OnlineStoreWriter withTtl = OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout,
                SPEC.name(), SPEC.featureColumns(), Duration.ofHours(1));
        String key = redis.layout.key(SPEC.name(), List.of("u1"));
        withTtl.write(List.of(write("u1", 1000, 0, 1, 1.0, true, "a")).iterator());
        assertThat(redis.commands().ttl(key)).isBetween(3590L, 3600L);

        redis.commands().expire(key, 60);
        withTtl.write(List.of(write("u1", 2000, 0, 2, 1.0, true, "a")).iterator());
        assertThat(redis.commands().ttl(key)).isBetween(3590L, 3600L);

        writer.write(List.of(write("u2", 1000, 0, 3, 1.0, true, "a")).iterator());
        assertThat(redis.commands().ttl(redis.layout.key(SPEC.name(), List.of("u2")))).isEqualTo(-1L);
    }

    @Test
    void aFlushedScriptCacheIsReloadedTransparently() {
        writer.write(List.of(write("u1", 1000, 0, 1, 1.0, true, "a")).iterator());
        redis.commands().scriptFlush();

        WriteResult result = writer.write(List.of(write("u1", 2000, 0, 2, 2.0, true, "b")).iterator());

        assertThat(result.applied()).isEqualTo(1);
        assertThat(redis.hash(SPEC.name(), "u1")).containsEntry("amount", "d:2.0");
    }

    @Test
    void moreWritesThanOneChunkAreAllAcknowledged() {
        List<EntityWrite> writes = new ArrayList<>();
        for (int i = 0; i < OnlineStoreWriter.CHUNK * 2 + 17; i++) {
            writes.add(write("u" + i, 1000, 0, i, (double) i, true, "a"));
        }
        assertThat(writer.write(writes.iterator())).isEqualTo(new WriteResult(writes.size(), 0));
        assertThat(redis.keys()).hasSize(writes.size());
    }

    @Test
    void aBatchReplayedAfterACrashPartWayCompletesTheRestAndSkipsWhatWasWritten() {
        List<EntityWrite> writes = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            writes.add(write("u" + i, 1000, 0, i, (double) i, true, "a"));
        }
        // A crash after 1,200 acknowledged writes leaves exactly those in Redis.
        assertThat(writer.write(writes.subList(0, 1200).iterator())).isEqualTo(new WriteResult(1200, 0));

        WriteResult replay = writer.write(writes.iterator());
        assertThat(replay).isEqualTo(new WriteResult(1300, 1200));
        assertThat(redis.keys()).hasSize(2500);
    }

    @Test
    void aWriteWithTheWrongNumberOfValuesIsRefused() {
        EntityWrite bad = new EntityWrite(List.of("u1"), 1, 0, 0, new Object[] {1.0});
        assertThatThrownBy(() -> writer.write(List.of(bad).iterator()))
                .hasMessageContaining("feature set \"user-transactions\" has 3 features but a write has 1 values");
    }

    @Test
    void anUnreachableRedisIsAClearError() {
        RedisEndpoint nowhere = new RedisEndpoint("127.0.0.1", 1, 0, null, null, false, Duration.ofSeconds(2));
        OnlineStoreWriter lost = OnlineStoreWriter.forFeatureSet(nowhere, redis.layout, SPEC.name(),
                SPEC.featureColumns(), Duration.ZERO);

        assertThatThrownBy(() -> lost.write(List.of(write("u1", 1, 0, 0, 1.0, true, "a")).iterator()))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("Redis at 127.0.0.1:1/0 did not answer")
                .hasMessageContaining("is it running?");
    }
}
