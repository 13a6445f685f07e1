package dev.freshet.redis;

import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.TileWrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.window.TileRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The online client reading what the writers wrote, on the real Redis at 127.0.0.1:6379: row-level vectors, and
 * aggregates merged from tiles at read time.
 */
class RedisOnlineFeatureClientIT {

    private static final FeatureSetSpec ROWS = Specs.rowLevel("user-transactions");
    private static final FeatureSetSpec AGGREGATES = Specs.aggregated("user-spending", List.of(
            new AggregationSpec(AggregateFunction.COUNT, "amount", "transactions"),
            new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(1), Duration.ofHours(1));
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final TestRedis redis = new TestRedis();
    private final RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
            redis.layout, FeatureSetCatalog.of(List.of(ROWS, AGGREGATES)));

    @AfterEach
    void cleanUp() {
        client.close();
        redis.close();
    }

    private void writeRows(EntityWrite... writes) {
        OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout, ROWS.name(), ROWS.featureColumns(),
                Duration.ZERO).write(List.of(writes).iterator());
    }

    @Test
    void readsTheTypedFeaturesOfTheNewestEventWithItsTime() {
        writeRows(new EntityWrite(List.of("u1"), 1_000, 0, 1, new Object[] {12.5, true, "grocery"}));

        FeatureVector v = client.get(ROWS.name(), EntityKey.of("u1")).orElseThrow();

        assertThat(v.featureSet()).isEqualTo("user-transactions");
        assertThat(v.eventTime()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(v.feature("amount").asDouble()).isEqualTo(12.5);
        assertThat(v.feature("is_remote").asBoolean()).isTrue();
        assertThat(v.feature("category").asString()).isEqualTo("grocery");
    }

    @Test
    void anUnknownKeyIsAbsentWhileANullFeatureIsPresentAndNull() {
        writeRows(new EntityWrite(List.of("u1"), 1_000, 0, 1, new Object[] {null, false, null}));

        assertThat(client.get(ROWS.name(), EntityKey.of("nobody"))).isEmpty();
        FeatureVector v = client.get(ROWS.name(), EntityKey.of("u1")).orElseThrow();
        assertThat(v.feature("amount").isNull()).isTrue();
        assertThat(v.feature("category").isNull()).isTrue();
        assertThat(v.feature("is_remote").asBoolean()).isFalse();
    }

    @Test
    void manyKeysAreReadInOneCallAndMissingOnesLeftOut() {
        writeRows(new EntityWrite(List.of("u1"), 1_000, 0, 1, new Object[] {1.0, true, "a"}),
                new EntityWrite(List.of("u3"), 3_000, 0, 3, new Object[] {3.0, false, "c"}));

        Map<EntityKey, FeatureVector> vectors = client.getAll(ROWS.name(),
                List.of(EntityKey.of("u1"), EntityKey.of("u2"), EntityKey.of("u3")));

        assertThat(vectors).containsOnlyKeys(EntityKey.of("u1"), EntityKey.of("u3"));
        assertThat(vectors.get(EntityKey.of("u3")).feature("amount").asDouble()).isEqualTo(3.0);
    }

    @Test
    void keysOfTheWrongShapeAreRefusedBeforeReading() {
        assertThatThrownBy(() -> client.get(ROWS.name(), EntityKey.of("u1", "x")))
                .hasMessageContaining("keyed by [user_id]: give 1 key value(s), not 2");
        assertThatThrownBy(() -> client.get(ROWS.name(), EntityKey.of(42L)))
                .hasMessageContaining("key column \"user_id\" is STRING, but the key value 42 is a Long");
    }

    @Test
    void aValueOfAnotherTypeInRedisIsAnErrorNotAWrongValue() {
        writeRows(new EntityWrite(List.of("u1"), 1_000, 0, 1, new Object[] {1.0, true, "a"}));
        redis.commands().hset(redis.layout.key(ROWS.name(), List.of("u1")), "amount", "l:1");

        assertThatThrownBy(() -> client.get(ROWS.name(), EntityKey.of("u1")))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("feature \"amount\" is stored in Redis as LONG but declared DOUBLE");
    }

    /** Writes the tiles of events (seconds after T0, amount) the way the aggregation job does. */
    private void writeTiles(String user, long[][] events) {
        TiledAggregation model = TiledAggregation.of(AGGREGATES);
        KeyTiles tiles = KeyTiles.empty(model.plan(), model.layout());
        for (long[] e : events) {
            long millis = T0.toEpochMilli() + e[0] * 1000;
            Object[] inputs = new Object[model.layout().inputColumns().size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = (double) e[1];
            }
            assertThat(tiles.offer(0, millis, millis, inputs, model.policy()))
                    .isEqualTo(EventTimePolicy.Decision.ACCEPT);
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (Map.Entry<TileRef, long[]> t : tiles.changedTiles().entrySet()) {
            fields.put(model.plan().fieldName(t.getKey()), TileCodec.encode(t.getValue()));
        }
        TileStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout, AGGREGATES.name(),
                model.fingerprint(), Duration.ZERO)
                .write(List.of(new TileWrite(List.of(user), tiles.newest(), fields, List.of())).iterator());
    }

    private FeatureVector aggregatesAt(String user, long secondsAfterT0) {
        return client.getAsOf(AGGREGATES.name(), EntityKey.of(user), T0.plusSeconds(secondsAfterT0)).orElseThrow();
    }

    @Test
    void aggregatesAreMergedFromTilesForTheWindowEndingAtTheReadTime() {
        writeTiles("u1", new long[][] {{10, 1}, {20, 2}, {70, 4}});

        FeatureVector at70 = aggregatesAt("u1", 70);
        assertThat(at70.feature("transactions_1m").asLong()).isEqualTo(2); // [10 s, 70 s): the event at 70 s is not in
        assertThat(at70.feature("sum_amount_1m").asDouble()).isEqualTo(3.0);
        assertThat(at70.feature("transactions_1h").asLong()).isEqualTo(2);

        FeatureVector at75 = aggregatesAt("u1", 75);
        assertThat(at75.feature("transactions_1m").asLong()).isEqualTo(2); // [15 s, 75 s)
        assertThat(at75.feature("sum_amount_1m").asDouble()).isEqualTo(6.0);
        assertThat(at75.feature("transactions_1h").asLong()).isEqualTo(3);
        assertThat(at75.feature("sum_amount_1h").asDouble()).isEqualTo(7.0);
        assertThat(at75.eventTime()).isEqualTo(T0.plusSeconds(70));
    }

    @Test
    void windowsDecayWithoutNewEvents() {
        writeTiles("u1", new long[][] {{10, 1}, {20, 2}, {70, 4}});

        FeatureVector later = aggregatesAt("u1", 2 * 3600);

        assertThat(later.feature("transactions_1m").asLong()).isZero();
        assertThat(later.feature("transactions_1h").asLong()).isZero();
        assertThat(later.feature("sum_amount_1h").isNull()).isTrue();
    }

    @Test
    void getReadsAggregatesAtTheClientsClock() {
        writeTiles("u1", new long[][] {{10, 1}, {20, 2}, {70, 4}});
        try (RedisOnlineFeatureClient at75 = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), redis.layout,
                FeatureSetCatalog.of(List.of(AGGREGATES)), Clock.fixed(T0.plusSeconds(75), ZoneOffset.UTC))) {
            assertThat(at75.get(AGGREGATES.name(), EntityKey.of("u1")).orElseThrow().feature("sum_amount_1m")
                    .asDouble()).isEqualTo(6.0);
            assertThat(at75.getAll(AGGREGATES.name(), List.of(EntityKey.of("u1"), EntityKey.of("u2")))).hasSize(1);
        }
    }

    @Test
    void tileWritesAreAbsoluteSoRewritingThemChangesNothing() {
        writeTiles("u1", new long[][] {{10, 1}, {20, 2}});
        Map<String, String> once = redis.hash(AGGREGATES.name(), "u1");
        writeTiles("u1", new long[][] {{10, 1}, {20, 2}});

        assertThat(redis.hash(AGGREGATES.name(), "u1")).isEqualTo(once);
        assertThat(aggregatesAt("u1", 30).feature("transactions_1m").asLong()).isEqualTo(2);
    }

    @Test
    void prunedTilesAreDeletedAndTheTtlIsSet() {
        TiledAggregation model = TiledAggregation.of(AGGREGATES);
        TileStoreWriter writer = TileStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout,
                AGGREGATES.name(), model.fingerprint(), Duration.ofMinutes(90));
        writer.write(List.of(new TileWrite(List.of("u1"), 5, Map.of("1:1", TileCodec.encode(new long[] {1, 2}),
                "1:2", TileCodec.encode(new long[] {3, 4})), List.of())).iterator());
        writer.write(List.of(new TileWrite(List.of("u1"), 6, Map.of(), List.of("1:1"))).iterator());

        assertThat(redis.hash(AGGREGATES.name(), "u1")).containsOnlyKeys("1:2", "__ts", "__v")
                .containsEntry("__ts", "6").containsEntry("__v", model.fingerprint());
        assertThat(redis.commands().ttl(redis.layout.key(AGGREGATES.name(), List.of("u1")))).isBetween(5390L, 5400L);
    }

    @Test
    void tilesOfAnotherDefinitionAreRefusedNotMisread() {
        writeTiles("u1", new long[][] {{10, 1}});
        redis.commands().hset(redis.layout.key(AGGREGATES.name(), List.of("u1")), "__v", "0ld");

        assertThatThrownBy(() -> aggregatesAt("u1", 30)).isInstanceOf(FreshetException.class)
                .hasMessageContaining("written for another definition of the feature set (tile format 0ld, expected "
                        + TiledAggregation.of(AGGREGATES).fingerprint());
    }

    @Test
    void tileWritesReplayedAfterACrashPartWayLeaveTheSameTiles() {
        TiledAggregation model = TiledAggregation.of(AGGREGATES);
        TileStoreWriter writer = TileStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout,
                AGGREGATES.name(), model.fingerprint(), Duration.ZERO);
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            writes.add(new TileWrite(List.of("u" + i), 1, Map.of("1:1", TileCodec.encode(new long[] {1, 1})),
                    List.of()));
        }
        // A crash after 700 acknowledged keys leaves exactly those in Redis.
        assertThat(writer.write(writes.subList(0, 700).iterator())).isEqualTo(700);
        Map<String, String> first = redis.commands().hgetall(redis.layout.key(AGGREGATES.name(), List.of("u7")));

        assertThat(writer.write(writes.iterator())).isEqualTo(1200);
        assertThat(redis.keys()).hasSize(1200);
        assertThat(redis.commands().hgetall(redis.layout.key(AGGREGATES.name(), List.of("u7")))).isEqualTo(first);
    }

    @Test
    void anUnreachableRedisIsAClearError() {
        RedisEndpoint nowhere = new RedisEndpoint("127.0.0.1", 1, 0, null, null, false, Duration.ofSeconds(2));
        try (RedisOnlineFeatureClient lost = RedisOnlineFeatureClient.create(nowhere, redis.layout,
                FeatureSetCatalog.of(List.of(ROWS)))) {
            assertThatThrownBy(() -> lost.get(ROWS.name(), EntityKey.of("u1"))).isInstanceOf(FreshetException.class)
                    .hasMessageContaining("Redis at 127.0.0.1:1/0 did not answer");
        }
    }
}
