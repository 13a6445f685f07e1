package dev.freshet.spark.oracle;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random records of a transactions topic, drawn one at a time: a few dozen users over a few partitions (any
 * user on any partition), event times moving on by {@code step} per record, and shares of records that are out of
 * order (within the lateness), far too late, in the future of their Kafka timestamp, tied with the user's last event
 * time, without an amount, not JSON, or wrong-typed. Kafka timestamps follow the same synthetic clock, so nothing
 * depends on the machine's time. Not thread-safe.
 *
 * <pre>{@code
 * RandomTransactions source = RandomTransactions.seeded(7, BASE).users(24).malformed(0.1);
 * SourceRecord next = source.next();   // send next.payload() to next.partition(), then keep next.at(offset)
 * }</pre>
 */
public final class RandomTransactions {

    private final Random random;
    private final Instant base;
    private final Map<String, Instant> lastTime = new HashMap<>();
    private int users = 24;
    private int partitions = 2;
    private Duration step = Duration.ofMillis(250);
    private double malformed = 0.1;
    private double outOfOrder = 0.15;
    private Duration outOfOrderBy = Duration.ofSeconds(90);
    private double tooLate;
    private Duration tooLateBy = Duration.ofMinutes(10);
    private double future;
    private double ties = 0.05;
    private double noAmount = 0.07;
    private long drawn;

    private RandomTransactions(long seed, Instant base) {
        this.random = new Random(seed);
        this.base = base;
    }

    /** Records from {@code base} on, drawn with {@code seed}. */
    public static RandomTransactions seeded(long seed, Instant base) {
        return new RandomTransactions(seed, base);
    }

    /** How many users (keys {@code u0} to {@code u<n-1>}); 24 by default. */
    public RandomTransactions users(int users) {
        this.users = users;
        return this;
    }

    /** How many partitions records go to; 2 by default. */
    public RandomTransactions partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    /** How far event time moves on per record; 250 ms by default. */
    public RandomTransactions step(Duration step) {
        this.step = step;
        return this;
    }

    /** Share of records the decoder rejects, half not JSON and half wrong-typed; 0.1 by default. */
    public RandomTransactions malformed(double share) {
        this.malformed = share;
        return this;
    }

    /** Share of records up to {@code by} older than the clock; 0.15 and 90 s by default. */
    public RandomTransactions outOfOrder(double share, Duration by) {
        this.outOfOrder = share;
        this.outOfOrderBy = by;
        return this;
    }

    /** Share of records exactly {@code by} older than the clock (beyond an aggregated set's lateness); none by default. */
    public RandomTransactions tooLate(double share, Duration by) {
        this.tooLate = share;
        this.tooLateBy = by;
        return this;
    }

    /** Share of records 30 minutes ahead of their Kafka timestamp (beyond the event-time skew); none by default. */
    public RandomTransactions future(double share) {
        this.future = share;
        return this;
    }

    /** The next record, with offset -1. */
    public SourceRecord next() {
        Instant clock = base.plus(step.multipliedBy(drawn++));
        Instant kafkaTime = clock.plusSeconds(1);
        int partition = random.nextInt(partitions);
        String user = "u" + random.nextInt(users);
        double roll = random.nextDouble();
        if (roll < malformed / 2) {
            String payload = "{\"user_id\":\"" + user + "\",\"amount\":";
            return new SourceRecord(partition, -1, kafkaTime, payload, user, clock, null, false,
                    Optional.of(DeadLetterReason.MALFORMED_RECORD));
        }
        if (roll < malformed) {
            String payload = json(user, "\"lots\"", false, clock);
            return new SourceRecord(partition, -1, kafkaTime, payload, user, clock, null, false,
                    Optional.of(DeadLetterReason.TYPE_MISMATCH));
        }
        Instant time = clock.plusMillis(random.nextInt((int) Math.max(1, step.toMillis())));
        double kind = random.nextDouble();
        if (kind < tooLate) {
            time = clock.minus(tooLateBy);
        } else if (kind < tooLate + future) {
            time = kafkaTime.plus(Duration.ofMinutes(30));
        } else if (kind < tooLate + future + outOfOrder) {
            time = clock.minusMillis(random.nextLong(outOfOrderBy.toMillis()));
        } else if (kind < tooLate + future + outOfOrder + ties && lastTime.containsKey(user)) {
            time = lastTime.get(user);
        }
        lastTime.put(user, time);
        Double amount = random.nextDouble() < noAmount ? null : Math.round(random.nextDouble() * 100_000) / 100.0;
        boolean remote = random.nextInt(5) == 0;
        return new SourceRecord(partition, -1, kafkaTime, json(user, String.valueOf(amount), remote, time), user, time,
                amount, remote, Optional.empty());
    }

    private static String json(String user, String amount, boolean remote, Instant time) {
        return "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + remote
                + ",\"timestamp\":\"" + time + "\"}";
    }
}
