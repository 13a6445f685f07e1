package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.UnanswerableReadException;
import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.TilePlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the online store can still answer, on the real Redis at 127.0.0.1:6379: tiles written as the online job
 * writes them (pruned for each key's newest event minus the maximum skew) answer reads from the earliest answerable
 * instant on exactly as the unpruned tiles would, and refuse older reads naming that instant; row-level sets refuse
 * reads before the stored event time, but serve their newest values "now" whatever the clocks.
 */
class AnswerableReadsIT {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<AggregationSpec> AGGREGATIONS = List.of(
            new AggregationSpec(AggregateFunction.COUNT, "amount", "transactions"),
            new AggregationSpec(AggregateFunction.SUM, "amount", ""),
            new AggregationSpec(AggregateFunction.AVG, "amount", ""));
    private static final FeatureSetSpec SPENDING = Specs.aggregated("user-spending", AGGREGATIONS,
            Duration.ofMinutes(1), Duration.ofHours(1));
    private static final FeatureSetSpec ROWS = Specs.rowLevel("user-transactions");

    private final TestRedis redis = new TestRedis();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        redis.close();
    }

    private RedisOnlineFeatureClient client(FeatureSetSpec spec) {
        return client(spec, Clock.systemUTC());
    }

    private RedisOnlineFeatureClient client(FeatureSetSpec spec, Clock clock) {
        RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), redis.layout,
                FeatureSetCatalog.of(List.of(spec)), clock);
        clients.add(client);
        return client;
    }

    private static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    /** Three events in the first minute, then one two hours later: the job prunes the first minute's tiles. */
    private TileJob spendingWithALaterEvent() {
        TileJob job = new TileJob(SPENDING, redis.layout);
        job.batch(List.of(new TileJob.Event("u1", at(10), 1.0), new TileJob.Event("u1", at(20), 2.0),
                new TileJob.Event("u1", at(70), 4.0)));
        job.batch(List.of(new TileJob.Event("u1", at(2 * 3600 + 30), 8.0)));
        return job;
    }

    @Test
    void aReadOfPrunedTilesIsRefusedWithTheEarliestInstantTheStoreAnswers() {
        spendingWithALaterEvent();
        RedisOnlineFeatureClient client = client(SPENDING);

        // Merged from what is left, this read would count 0 transactions in the hour before it instead of 3.
        assertThatThrownBy(() -> client.getAsOf(SPENDING.name(), EntityKey.of("u1"), T0.plusSeconds(75)))
                .isInstanceOf(UnanswerableReadException.class)
                .hasMessage("feature set \"user-spending\": key u1 cannot be read as of 2026-03-01T00:01:15Z: the online"
                        + " job has pruned tiles this read needs (it keeps a key's tiles for reads from 5m before its"
                        + " newest event, here 2026-03-01T02:00:30Z); the stored tiles answer reads of this key as of"
                        + " 2026-03-01T01:55:25Z or later. Read at such an instant, or use point-in-time retrieval"
                        + " from the offline store for older ones")
                .satisfies(e -> assertThat(((UnanswerableReadException) e).earliestAnswerable())
                        .isEqualTo(Instant.parse("2026-03-01T01:55:25Z")));
    }

    @Test
    void readsFromTheEarliestAnswerableInstantOnAreAnsweredAndTheOneBeforeIsNot() {
        spendingWithALaterEvent();
        RedisOnlineFeatureClient client = client(SPENDING);
        Instant earliest = Instant.parse("2026-03-01T01:55:25Z");

        FeatureVector atEarliest = client.getAsOf(SPENDING.name(), EntityKey.of("u1"), earliest).orElseThrow();
        assertThat(atEarliest.feature("transactions_1h").asLong()).isZero();
        assertThat(atEarliest.eventTime()).isEqualTo(Instant.parse("2026-03-01T02:00:30Z"));
        FeatureVector afterTheEvent = client.getAsOf(SPENDING.name(), EntityKey.of("u1"), T0.plusSeconds(2 * 3600 + 31))
                .orElseThrow();
        assertThat(afterTheEvent.feature("transactions_1m").asLong()).isEqualTo(1);
        assertThat(afterTheEvent.feature("sum_amount_1h").asDouble()).isEqualTo(8.0);
        assertThatThrownBy(() -> client.getAsOf(SPENDING.name(), EntityKey.of("u1"), earliest.minusSeconds(1)))
                .isInstanceOf(UnanswerableReadException.class)
                .hasMessageContaining("cannot be read as of 2026-03-01T01:55:24Z")
                .hasMessageContaining("answer reads of this key as of 2026-03-01T01:55:25Z or later");
    }

    /**
     * For each tile size: random events of three keys in micro-batches, late within the allowed lateness, written as
     * the job writes them. Reads at and after each key's earliest answerable instant (also far after its newest
     * event) equal the unpruned tiles' reads value for value; the read just before it, and every older read that
     * needs a pruned tile, is refused naming the key, the instant and the earliest instant.
     */
    @ParameterizedTest(name = "tile {0}, windows {1}")
    @CsvSource({"1s, 1m 1h", "5s, 1m 1h", "1m, 5m 3h", "5m, 1h 1d", "1h, 1h 2d"})
    void readsInsideTheHorizonEqualTheUnprunedTilesAndReadsOutsideAreRefused(String tileSize, String windows) {
        Duration tile = DurationLiteral.parse(tileSize);
        FeatureSetSpec spec = Specs.aggregated("spending-" + tileSize, tile, AGGREGATIONS,
                Arrays.stream(windows.split(" ")).map(DurationLiteral::parse).toArray(Duration[]::new));
        TileJob job = new TileJob(spec, redis.layout);
        TilePlan plan = job.model().plan();
        Random random = new Random(tile.toSeconds());
        List<String> users = List.of("u1", "u2", "u3");
        long span = 3 * plan.retention();
        List<TileJob.Event> events = new ArrayList<>();
        Map<TileJob.Event, Long> arrival = new IdentityHashMap<>();
        for (int i = 0; i < 400; i++) {
            TileJob.Event e = new TileJob.Event(users.get(random.nextInt(users.size())),
                    T0.toEpochMilli() + (long) (random.nextDouble() * span),
                    random.nextInt(10) == 0 ? null : Math.round(random.nextDouble() * 10_000) / 100.0);
            events.add(e);
            arrival.put(e, e.millis() + random.nextInt(240_000)); // up to 4 minutes late; lateness is 5m
        }
        events.sort(Comparator.comparingLong(arrival::get));
        for (int next = 0; next < events.size(); ) {
            int end = Math.min(events.size(), next + 1 + random.nextInt(30));
            job.batch(events.subList(next, end));
            next = end;
        }
        RedisOnlineFeatureClient client = client(spec);

        int answered = 0;
        int refused = 0;
        for (String user : users) {
            Map<String, String> hash = redis.hash(spec.name(), user);
            hash.keySet().removeAll(List.of("__ts", "__v"));
            assertThat(hash.keySet()).as("the tiles the job keeps")
                    .isEqualTo(new TreeSet<>(job.keptFields(user)));
            long earliest = job.model().earliestAnswerable(job.newest(user));
            List<Long> inside = new ArrayList<>(List.of(earliest, earliest + plan.finest() / 2, job.newest(user),
                    job.newest(user) + plan.retention() + 1));
            for (int i = 0; i < 6; i++) {
                inside.add(earliest + (long) (random.nextDouble() * 2 * plan.retention()));
            }
            for (long t : inside) {
                assertAnswersAsTheOracle(client, spec, job, user, t);
                answered++;
            }
            List<Long> outside = new ArrayList<>(List.of(earliest - plan.finest(), earliest - 1));
            for (int i = 0; i < 6; i++) {
                outside.add(earliest - (long) (random.nextDouble() * span));
            }
            for (long t : outside) {
                if (plan.answers(t, job.model().oldestRead(job.newest(user)))) {
                    assertAnswersAsTheOracle(client, spec, job, user, t); // a cover that avoids every pruned tile
                    answered++;
                    continue;
                }
                Instant time = Instant.ofEpochMilli(t);
                assertThatThrownBy(() -> client.getAsOf(spec.name(), EntityKey.of(user), time))
                        .isInstanceOf(UnanswerableReadException.class)
                        .hasMessageStartingWith("feature set \"" + spec.name() + "\": key " + user
                                + " cannot be read as of " + time + ": the online job has pruned tiles this read needs")
                        .hasMessageContaining("here " + Instant.ofEpochMilli(job.newest(user)) + ")")
                        .hasMessageContaining("as of " + Instant.ofEpochMilli(earliest) + " or later");
                refused++;
            }
        }
        assertThat(answered).isGreaterThanOrEqualTo(30);
        assertThat(refused).isGreaterThanOrEqualTo(6);
    }

    private static void assertAnswersAsTheOracle(RedisOnlineFeatureClient client, FeatureSetSpec spec, TileJob job,
            String user, long t) {
        FeatureVector v = client.getAsOf(spec.name(), EntityKey.of(user), Instant.ofEpochMilli(t)).orElseThrow();
        Object[] expected = job.oracle(user, t);
        List<Object> actual = v.features().values().stream().map(FeatureValue::value).toList();
        assertThat(actual).as("%s at %s", user, Instant.ofEpochMilli(t)).containsExactly(expected);
    }

    @Test
    void readAllAsOfTellsPerKeyWhatTheStoreAnswers() {
        TileJob job = new TileJob(SPENDING, redis.layout);
        job.batch(List.of(new TileJob.Event("old", at(10), 1.0), new TileJob.Event("old", at(7200), 2.0),
                new TileJob.Event("recent", at(10), 3.0), new TileJob.Event("recent", at(100), 5.0)));
        RedisOnlineFeatureClient client = client(SPENDING);

        Map<EntityKey, OnlineRead> reads = client.readAllAsOf(SPENDING.name(), List.of(EntityKey.of("recent"),
                EntityKey.of("nobody"), EntityKey.of("old")), T0.plusSeconds(120));

        assertThat(reads).containsOnlyKeys(EntityKey.of("recent"), EntityKey.of("nobody"), EntityKey.of("old"));
        assertThat(new ArrayList<>(reads.keySet())).containsExactly(EntityKey.of("recent"), EntityKey.of("nobody"),
                EntityKey.of("old"));
        assertThat(reads.get(EntityKey.of("recent"))).isInstanceOfSatisfying(OnlineRead.Answered.class,
                a -> assertThat(a.vector().feature("transactions_1m").asLong()).isEqualTo(1));
        assertThat(reads.get(EntityKey.of("nobody"))).isEqualTo(new OnlineRead.Absent());
        assertThat(reads.get(EntityKey.of("old"))).isEqualTo(new OnlineRead.Unanswerable(T0.plusSeconds(7200),
                Instant.ofEpochMilli(job.model().earliestAnswerable(at(7200)))));
        assertThatThrownBy(() -> client.getAllAsOf(SPENDING.name(), List.of(EntityKey.of("recent"),
                EntityKey.of("old")), T0.plusSeconds(120))).isInstanceOf(UnanswerableReadException.class)
                .hasMessageContaining("key old cannot be read as of 2026-03-01T00:02:00Z");
        assertThat(client.getAllAsOf(SPENDING.name(), List.of(EntityKey.of("recent"), EntityKey.of("nobody")),
                T0.plusSeconds(120))).containsOnlyKeys(EntityKey.of("recent"));
    }

    @Test
    void getOfAnAggregatedSetReadsAtTheClientsClockAndRefusesOnlyOutsideTheHorizon() {
        spendingWithALaterEvent();

        assertThat(client(SPENDING, Clock.fixed(T0.plusSeconds(2 * 3600 + 31), ZoneOffset.UTC))
                .get(SPENDING.name(), EntityKey.of("u1")).orElseThrow().feature("transactions_1m").asLong())
                .isEqualTo(1);
        assertThat(client(SPENDING, Clock.fixed(T0.plusSeconds(2 * 3600 + 25), ZoneOffset.UTC))
                .get(SPENDING.name(), EntityKey.of("u1"))).as("a clock behind the newest event, within the skew")
                .isPresent();
        RedisOnlineFeatureClient behind = client(SPENDING, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
        assertThatThrownBy(() -> behind.get(SPENDING.name(), EntityKey.of("u1")))
                .isInstanceOf(UnanswerableReadException.class)
                .hasMessageContaining("key u1 cannot be read as of 2026-03-01T01:00:00Z");
        assertThatThrownBy(() -> behind.getAll(SPENDING.name(), List.of(EntityKey.of("u1"))))
                .isInstanceOf(UnanswerableReadException.class);
    }

    private void writeRow(String user, long eventMillis, double amount) {
        OnlineStoreWriter.forFeatureSet(RedisEndpoint.localhost(), redis.layout, ROWS.name(), ROWS.featureColumns(),
                Duration.ZERO).write(List.of(new EntityWrite(List.of(user), eventMillis, 0, eventMillis,
                        new Object[] {amount, false, "fuel"})).iterator());
    }

    @Test
    void aRowLevelReadBeforeTheStoredEventIsRefusedAndOneAtOrAfterItAnswered() {
        writeRow("u1", at(60), 31.7);
        RedisOnlineFeatureClient client = client(ROWS);

        assertThatThrownBy(() -> client.getAsOf(ROWS.name(), EntityKey.of("u1"), T0.plusSeconds(59)))
                .isInstanceOf(UnanswerableReadException.class)
                .hasMessage("feature set \"user-transactions\": key u1 cannot be read as of 2026-03-01T00:00:59Z: the"
                        + " online store keeps only each key's newest values, and those of this key come from its event"
                        + " at 2026-03-01T00:01:00Z, after that instant; it answers reads of this key as of"
                        + " 2026-03-01T00:01:00Z or later. Read at such an instant, or use point-in-time retrieval from"
                        + " the offline store for older ones");
        assertThat(client.getAsOf(ROWS.name(), EntityKey.of("u1"), T0.plusSeconds(60)).orElseThrow()
                .feature("amount").asDouble()).isEqualTo(31.7);
        assertThat(client.getAsOf(ROWS.name(), EntityKey.of("u1"), T0.plusSeconds(86_400))).isPresent();
        assertThat(client.readAllAsOf(ROWS.name(), List.of(EntityKey.of("u1")), T0.plusSeconds(59)))
                .containsExactly(Map.entry(EntityKey.of("u1"),
                        new OnlineRead.Unanswerable(T0.plusSeconds(60), T0.plusSeconds(60))));
    }

    @Test
    void aLiveReadOfARowLevelSetServesTheNewestValuesEvenWhenTheProducersClockIsAhead() {
        writeRow("u1", at(60), 31.7);
        writeRow("u2", at(120), 5.0);
        RedisOnlineFeatureClient client = client(ROWS, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(client.get(ROWS.name(), EntityKey.of("u1")).orElseThrow().feature("amount").asDouble())
                .isEqualTo(31.7);
        Map<EntityKey, Double> amounts = new LinkedHashMap<>();
        client.getAll(ROWS.name(), List.of(EntityKey.of("u2"), EntityKey.of("u1"), EntityKey.of("nobody")))
                .forEach((k, v) -> amounts.put(k, v.feature("amount").asDouble()));
        assertThat(amounts).containsExactly(Map.entry(EntityKey.of("u2"), 5.0), Map.entry(EntityKey.of("u1"), 31.7));
    }
}
